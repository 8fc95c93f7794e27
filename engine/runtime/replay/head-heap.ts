/**
 * A binary min-heap of input indices ordered by their head timestamps, ties by index (the
 * source listed first wins). The merge keeps every input but the one currently emitting in it;
 * an input's head changes only while it is outside, so no entry ever needs re-keying and each
 * operation costs O(log n).
 */
export class HeadHeap {
  private readonly items: number[] = [];

  /** @param heads head timestamp by input index (epoch ms), read when comparing */
  constructor(private readonly heads: Float64Array) {}

  get size(): number {
    return this.items.length;
  }

  /** The input with the smallest head, or -1 when empty. */
  peek(): number {
    return this.items.length === 0 ? -1 : (this.items[0] as number);
  }

  /** Whether input `a` goes before input `b`: smaller head, or equal head and listed first. */
  before(a: number, b: number): boolean {
    const ha = this.heads[a] as number;
    const hb = this.heads[b] as number;
    return ha < hb || (ha === hb && a < b);
  }

  push(input: number): void {
    const items = this.items;
    let i = items.length;
    items.push(input);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as number;
      if (!this.before(input, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = input;
  }

  /** Removes and returns the input with the smallest head (-1 when empty). */
  pop(): number {
    const items = this.items;
    if (items.length === 0) return -1;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length > 0) this.siftDown(last);
    return top;
  }

  /** Pops the smallest and pushes `input` in one sift (`input` is not in the heap). @returns the popped input. */
  replaceTop(input: number): number {
    const top = this.items[0] as number;
    this.siftDown(input);
    return top;
  }

  /** Removes `input` if present (a restore choosing which input runs first). */
  remove(input: number): boolean {
    const at = this.items.indexOf(input);
    if (at < 0) return false;
    const rest = this.items.filter((_, i) => i !== at);
    this.items.length = 0;
    for (const i of rest) this.push(i);
    return true;
  }

  private siftDown(input: number): void {
    const items = this.items;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(items[r] as number, items[l] as number) ? r : l;
      const child = items[c] as number;
      if (!this.before(child, input)) break;
      items[i] = child;
      i = c;
    }
    items[i] = input;
  }
}

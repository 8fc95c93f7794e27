/** A binary min-heap of timestamps (epoch ms): the distinct times at which timers are due. */
export class TimestampHeap {
  private readonly h: number[] = [];

  get size(): number {
    return this.h.length;
  }

  /** The smallest timestamp, or `undefined` when empty. */
  peek(): number | undefined {
    return this.h[0];
  }

  push(ts: number): void {
    const h = this.h;
    h.push(ts);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as number) <= ts) break;
      h[i] = h[parent] as number;
      i = parent;
    }
    h[i] = ts;
  }

  /** Removes and returns the smallest timestamp. @throws Error when empty. */
  pop(): number {
    const h = this.h;
    if (h.length === 0) throw new Error('pop from an empty timestamp heap');
    const top = h[0] as number;
    const last = h.pop() as number;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && (h[r] as number) < (h[l] as number) ? r : l;
        if ((h[c] as number) >= last) break;
        h[i] = h[c] as number;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

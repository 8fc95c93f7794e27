/**
 * A k-way merge by timestamp over per-input FIFO queues: each input (a Kafka partition; later,
 * whole sources aligned by event time) appends items in its own order, and `pop()` takes the
 * head with the smallest timestamp across inputs — the order a reader would see if the inputs
 * were interleaved by event time. Items of one input keep their order whatever their
 * timestamps (a partition's disorder is its own); equal timestamps go to the input registered
 * first. A binary min-heap over the inputs' heads: `push` and `pop` cost O(log k).
 *
 * The merge only orders what it holds. Whether it may emit while an input's queue is empty
 * (that input might still deliver something older) is the caller's decision: the Kafka source
 * refills an empty partition first, unless that partition has nothing more to give for now.
 */

/** Consumed items a queue may keep before it is compacted. */
const COMPACT_AT = 1024;

interface Queue<T> {
  readonly input: string;
  /** Registration order: breaks timestamp ties. */
  readonly rank: number;
  items: T[];
  head: number;
  /** Position in the heap, -1 when the queue is empty (not in the heap). */
  slot: number;
}

export class TimestampMerge<T> {
  private readonly queues = new Map<string, Queue<T>>();
  private readonly heap: Queue<T>[] = [];
  private nextRank = 0;
  private count = 0;

  /** @param timestampOf an item's timestamp (epoch ms), read whenever it is a queue's head. */
  constructor(private readonly timestampOf: (item: T) => number) {}

  /** Items held, over all inputs. */
  get size(): number {
    return this.count;
  }

  /** Items `input` holds (0 for an input never seen). */
  queued(input: string): number {
    const q = this.queues.get(input);
    return q ? q.items.length - q.head : 0;
  }

  /** Appends `items`, in order, to `input`'s queue (registering the input on first use). */
  push(input: string, items: readonly T[]): void {
    if (items.length === 0) return;
    let q = this.queues.get(input);
    if (!q) {
      q = { input, rank: this.nextRank++, items: [], head: 0, slot: -1 };
      this.queues.set(input, q);
    }
    if (q.head > 0 && q.head === q.items.length) {
      q.items = [];
      q.head = 0;
    }
    for (const item of items) q.items.push(item);
    this.count += items.length;
    if (q.slot < 0) {
      q.slot = this.heap.length;
      this.heap.push(q);
      this.up(q.slot);
    }
  }

  /** The input whose head is next, and that head; `undefined` when nothing is queued. */
  peek(): { input: string; item: T } | undefined {
    const q = this.heap[0];
    return q ? { input: q.input, item: q.items[q.head] as T } : undefined;
  }

  /** Removes and returns the next item (smallest head timestamp). */
  pop(): { input: string; item: T } | undefined {
    const q = this.heap[0];
    if (!q) return undefined;
    const item = q.items[q.head] as T;
    q.head++;
    this.count--;
    if (q.head === q.items.length) {
      q.items = [];
      q.head = 0;
      this.removeAt(0);
      return { input: q.input, item };
    }
    // A queue that is refilled before it empties would keep every item it ever held: drop the
    // consumed half once it is large (amortized O(1) per item).
    if (q.head >= COMPACT_AT && q.head * 2 >= q.items.length) {
      q.items = q.items.slice(q.head);
      q.head = 0;
    }
    this.down(0);
    return { input: q.input, item };
  }

  /** Drops `input` and whatever it still holds. @returns the dropped items, in order. */
  remove(input: string): T[] {
    const q = this.queues.get(input);
    if (!q) return [];
    const rest = q.items.slice(q.head);
    this.count -= rest.length;
    if (q.slot >= 0) this.removeAt(q.slot);
    this.queues.delete(input);
    return rest;
  }

  /** Drops everything. */
  clear(): void {
    for (const input of [...this.queues.keys()]) this.remove(input);
  }

  private less(a: Queue<T>, b: Queue<T>): boolean {
    const ta = this.timestampOf(a.items[a.head] as T);
    const tb = this.timestampOf(b.items[b.head] as T);
    return ta < tb || (ta === tb && a.rank < b.rank);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i] as Queue<T>;
    const b = this.heap[j] as Queue<T>;
    this.heap[i] = b;
    this.heap[j] = a;
    b.slot = i;
    a.slot = j;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.heap[i] as Queue<T>, this.heap[parent] as Queue<T>)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < this.heap.length && this.less(this.heap[l] as Queue<T>, this.heap[min] as Queue<T>)) min = l;
      if (r < this.heap.length && this.less(this.heap[r] as Queue<T>, this.heap[min] as Queue<T>)) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }

  private removeAt(i: number): void {
    const q = this.heap[i] as Queue<T>;
    const last = this.heap.pop() as Queue<T>;
    q.slot = -1;
    if (last === q) return;
    this.heap[i] = last;
    last.slot = i;
    this.down(i);
    this.up(last.slot);
  }
}

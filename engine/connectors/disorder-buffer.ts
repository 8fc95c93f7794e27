/**
 * Simulated out-of-order arrival: each record gets a seeded pseudo-random delay in
 * `[0, maxDelay]` ms of event time and is released once the newest timestamp read reaches
 * `timestamp + delay`, in order of `timestamp + delay`. A record can thus arrive after records
 * up to `maxDelay` newer than it, never more; the same seed gives the same order.
 */
import type { Row } from '../runtime/row.ts';

interface Held {
  row: Row;
  ts: number;
  release: number;
  seq: number;
}

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class DisorderBuffer {
  private readonly heap: Held[] = [];
  private readonly random: () => number;
  private newest = Number.NEGATIVE_INFINITY;
  private seq = 0;

  constructor(
    private readonly maxDelay: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  push(row: Row, ts: number, emit: (row: Row, ts: number) => void): void {
    const release = ts + Math.floor(this.random() * (this.maxDelay + 1));
    this.insert({ row, ts, release, seq: this.seq++ });
    if (ts > this.newest) this.newest = ts;
    while (this.heap.length > 0 && (this.heap[0] as Held).release <= this.newest) {
      const h = this.take();
      emit(h.row, h.ts);
    }
  }

  flush(emit: (row: Row, ts: number) => void): void {
    while (this.heap.length > 0) {
      const h = this.take();
      emit(h.row, h.ts);
    }
  }

  private before(a: Held, b: Held): boolean {
    return a.release < b.release || (a.release === b.release && a.seq < b.seq);
  }

  private insert(h: Held): void {
    const heap = this.heap;
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h, heap[p] as Held)) break;
      heap[i] = heap[p] as Held;
      i = p;
    }
    heap[i] = h;
  }

  private take(): Held {
    const heap = this.heap;
    const top = heap[0] as Held;
    const last = heap.pop() as Held;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && this.before(heap[r] as Held, heap[l] as Held) ? r : l;
        if (!this.before(heap[c] as Held, last)) break;
        heap[i] = heap[c] as Held;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

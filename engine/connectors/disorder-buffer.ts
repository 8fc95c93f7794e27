/**
 * Simulated out-of-order arrival: each record gets a seeded pseudo-random delay in
 * `[0, maxDelay]` ms of event time and is released once the newest timestamp read reaches
 * `timestamp + delay`, in order of `timestamp + delay`. A record can thus arrive after records
 * up to `maxDelay` newer than it, never more; the same seed gives the same order.
 */
import type { DataRecord } from '../runtime/record.ts';

export interface Held {
  row: DataRecord;
  ts: number;
  release: number;
  seq: number;
}

/** mulberry32: a small, fast, seedable PRNG with a one-number state (so it checkpoints). */
export class SeededRandom {
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** What a checkpoint keeps of a disorder buffer: the held records and the PRNG state. */
export interface DisorderSnapshot {
  held: Held[];
  random: number;
  newest: number;
  seq: number;
}

export class DisorderBuffer {
  private readonly heap: Held[] = [];
  private readonly random: SeededRandom;
  private newest = Number.NEGATIVE_INFINITY;
  private seq = 0;

  constructor(
    private readonly maxDelay: number,
    seed: number,
  ) {
    this.random = new SeededRandom(seed);
  }

  snapshot(): DisorderSnapshot {
    return { held: this.heap.map((h) => ({ ...h })), random: this.random.state, newest: this.newest, seq: this.seq };
  }

  restore(s: DisorderSnapshot): void {
    this.heap.length = 0;
    for (const h of s.held) this.insert(h);
    this.random.state = s.random;
    this.newest = s.newest;
    this.seq = s.seq;
  }

  push(row: DataRecord, ts: number, emit: (row: DataRecord, ts: number) => void): void {
    const release = ts + Math.floor(this.random.next() * (this.maxDelay + 1));
    this.insert({ row, ts, release, seq: this.seq++ });
    if (ts > this.newest) this.newest = ts;
    while (this.heap.length > 0 && (this.heap[0] as Held).release <= this.newest) {
      const h = this.take();
      emit(h.row, h.ts);
    }
  }

  flush(emit: (row: DataRecord, ts: number) => void): void {
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

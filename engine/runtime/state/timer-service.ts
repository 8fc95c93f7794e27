/**
 * Event-time timers per key and namespace (Flink's `InternalTimerService`): registering the
 * same (timestamp, key, namespace) twice keeps one timer; `advance(watermark)` fires every
 * timer with `timestamp <= watermark` in timestamp order, including timers registered while
 * firing.
 */

export type TimerCallback = (timestamp: number, key: string, namespace: string | number) => void;

interface Timer {
  key: string;
  namespace: string | number;
}

export class TimerService {
  /** Distinct timestamps, as a binary min-heap. */
  private readonly heap: number[] = [];
  private readonly byTime = new Map<number, Map<string, Timer>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  register(timestamp: number, key: string, namespace: string | number): void {
    let timers = this.byTime.get(timestamp);
    if (!timers) {
      timers = new Map();
      this.byTime.set(timestamp, timers);
      this.push(timestamp);
    }
    const id = `${key}\u0000${namespace}`;
    if (!timers.has(id)) {
      timers.set(id, { key, namespace });
      this.count++;
    }
  }

  delete(timestamp: number, key: string, namespace: string | number): void {
    const timers = this.byTime.get(timestamp);
    if (timers?.delete(`${key}\u0000${namespace}`)) this.count--;
  }

  /** Fires due timers in timestamp order. */
  advance(watermark: number, fire: TimerCallback): void {
    while (this.heap.length > 0 && (this.heap[0] as number) <= watermark) {
      const ts = this.pop();
      const timers = this.byTime.get(ts);
      this.byTime.delete(ts);
      if (!timers) continue;
      for (const t of timers.values()) {
        this.count--;
        fire(ts, t.key, t.namespace);
      }
    }
  }

  /** All timers as `[timestamp, key, namespace]`, for snapshots. */
  entries(): [number, string, string | number][] {
    const out: [number, string, string | number][] = [];
    for (const [ts, timers] of this.byTime) for (const t of timers.values()) out.push([ts, t.key, t.namespace]);
    return out;
  }

  /** Re-registers timers from `entries()`, in the same order (so ties fire in the same order). */
  restore(entries: readonly [number, string, string | number][]): void {
    for (const [ts, key, ns] of entries) this.register(ts, key, ns);
  }

  private push(ts: number): void {
    const h = this.heap;
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

  private pop(): number {
    const h = this.heap;
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

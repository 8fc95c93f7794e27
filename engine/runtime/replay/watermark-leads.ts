/**
 * How far each source's watermark ran ahead of the others at most: for source s, the largest
 * `W_s - min(W_t, t ≠ s)` seen during the run, over the sources that have a watermark and are
 * neither idle nor ended (those do not hold a downstream operator back). The run summary shows it
 * per source; under `chunked` replay it is how far a source raced ahead by reading whole chunks.
 *
 * Measured exactly, off the per-record path: it is updated whenever a source emits a watermark
 * or changes idleness (an `Output` status listener). A watermark that rises can only raise its
 * own source's lead, so that costs one O(log n) query of the others' minimum (a segment tree);
 * a source that starts counting (its first watermark, the end of its idleness) can raise every
 * other lead, which costs O(n log n) and happens rarely.
 */
import type { NodeMetrics } from '../metrics.ts';

/** What the replay keeps per source, in its checkpoint part (so a restored run reports the whole run). */
export interface SourceReplayState {
  /** Drift replay: this source was the one running at the barrier. */
  running: boolean;
  /** Largest lead seen (ms, ≥ 0); `null` until measured (a single source, or no overlap yet). */
  maxLeadMs: number | null;
}

export class WatermarkLeads {
  private readonly size: number;
  /** Segment tree of the counted watermarks (+∞ = not counted), leaves at `size + i`. */
  private readonly tree: Float64Array;

  constructor(
    private readonly metrics: readonly NodeMetrics[],
    private readonly states: readonly SourceReplayState[],
  ) {
    let size = 1;
    while (size < metrics.length) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
  }

  /** Source `i` emitted a watermark or changed idleness (its metrics are already updated). */
  update(i: number): void {
    const m = this.metrics[i] as NodeMetrics;
    const w = m.outputWatermark;
    const value = m.idle || !Number.isFinite(w) ? Number.POSITIVE_INFINITY : w;
    const old = this.tree[this.size + i] as number;
    if (value === old) return;
    this.set(i, value);
    if (value > old) this.measure(i);
    else for (let s = 0; s < this.metrics.length; s++) this.measure(s);
  }

  private measure(s: number): void {
    const own = this.tree[this.size + s] as number;
    if (own === Number.POSITIVE_INFINITY) return;
    const others = Math.min(this.query(0, s), this.query(s + 1, this.metrics.length));
    if (others === Number.POSITIVE_INFINITY) return;
    const lead = Math.max(0, own - others);
    const state = this.states[s] as SourceReplayState;
    if (state.maxLeadMs === null || lead > state.maxLeadMs) state.maxLeadMs = lead;
  }

  private set(i: number, value: number): void {
    const tree = this.tree;
    let p = this.size + i;
    tree[p] = value;
    for (p >>= 1; p >= 1; p >>= 1) tree[p] = Math.min(tree[2 * p] as number, tree[2 * p + 1] as number);
  }

  /** Minimum over leaves [from, to). */
  private query(from: number, to: number): number {
    const tree = this.tree;
    let min = Number.POSITIVE_INFINITY;
    for (let l = from + this.size, r = to + this.size; l < r; l >>= 1, r >>= 1) {
      if (l & 1) min = Math.min(min, tree[l++] as number);
      if (r & 1) min = Math.min(min, tree[--r] as number);
    }
    return min;
  }
}

/**
 * The hint a finished run gives about periodic watermarks (the CLI's run summary and the studio's
 * node and run summary show it). With periodic emission (Flink's auto-watermark interval, 200 ms
 * of processing time by default) the watermark advances between chunks of input as processing
 * time passes, so which records are late depends on how fast the input was read: a small file
 * replayed at full speed can end before the first interval, its watermark never advancing before
 * the final one (+∞), and nothing is late — exactly as in Flink. Punctuated emission (after every
 * record) makes lateness a function of the input alone.
 *
 * Pure; the renderer imports it.
 */

/** What the hint reads of a node's metrics (`NodeMetricsSnapshot`). */
export interface HintMetrics {
  nodeId: string;
  type: string;
  in: number;
  late: number;
  watermarks?: { emit: 'periodic' | 'punctuated'; intervalMs: number; emitted: number; beyondBound: number };
}

/** A hint for one source. */
export interface WatermarkHint {
  nodeId: string;
  /** How many times its watermark advanced before the end. */
  emitted: number;
  /** Whether the watermark never advanced before the end of input (its records arrived before the first interval). */
  neverAdvanced: boolean;
  /** Records more out of order than the bound (late under punctuated emission wherever their window had fired). */
  beyondBound: number;
  /** The sentence to show. */
  text: string;
}

/**
 * The hints of a finished run: one per source with periodic watermarks, when the pipeline has a
 * node that can count late records (`canBeLate(type)`: a `late` output) and that source's
 * watermark never advanced before the end, or it read records more out of order than its bound,
 * or some node counted late records (in the last two cases the late count depends on timing).
 * Punctuated sources never get one.
 */
export function watermarkHints(nodes: readonly HintMetrics[], canBeLate: (type: string) => boolean): WatermarkHint[] {
  if (!nodes.some((n) => canBeLate(n.type))) return [];
  const late = nodes.reduce((sum, n) => sum + n.late, 0);
  const hints: WatermarkHint[] = [];
  for (const n of nodes) {
    const w = n.watermarks;
    if (!w || w.emit !== 'periodic' || n.in === 0) continue;
    const neverAdvanced = w.emitted === 0;
    if (!neverAdvanced && late === 0 && w.beyondBound === 0) continue;
    const times = `${w.emitted} time${w.emitted === 1 ? '' : 's'}`;
    const why = neverAdvanced
      ? ` (its input was read before the first periodic watermark, ${w.intervalMs} ms of processing time, so nothing could be late)`
      : '';
    const beyond =
      w.beyondBound > 0 ? `; ${w.beyondBound} record${w.beyondBound === 1 ? '' : 's'} arrived more out of order than maxOutOfOrderness` : '';
    hints.push({
      nodeId: n.nodeId,
      emitted: w.emitted,
      neverAdvanced,
      beyondBound: w.beyondBound,
      text: `watermarks were emitted ${times} during this run${why}${beyond}; lateness depends on timing; use punctuated for reproducible lateness`,
    });
  }
  return hints;
}

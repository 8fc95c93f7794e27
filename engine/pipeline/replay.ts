/**
 * How a run interleaves its sources (`settings.replay`): the pipeline setting, its default and
 * its one-line label. Pure zod and functions (the editor shows the mode on source nodes).
 *
 * - `aligned` (the default when a pipeline has more than one source): records of all sources are
 *   merged by event time — the next record processed is the one with the smallest timestamp
 *   among the sources' next records (ties: the source listed first), each source keeping its own
 *   arrival order. What a cluster with perfectly balanced sources approaches.
 * - `drift`: Flink's watermark alignment (FLIP-182, `withWatermarkAlignment(group,
 *   maxAllowedWatermarkDrift)`): a source runs until its next record is more than
 *   `maxAllowedWatermarkDrift` ahead of the others' next records, then the one furthest behind
 *   runs; drift 0 is `aligned`.
 * - `chunked`: every source reads at its own pace and they take turns between chunks (2,048
 *   lines of a file); fastest, but a source can run ahead by a whole chunk of event time.
 */
import { z } from 'zod';
import { Duration, parseDuration } from './config-schemas.ts';

export const REPLAY_MODES = ['aligned', 'drift', 'chunked'] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];

export const ReplaySettingsSchema = z
  .object({
    mode: z
      .enum(REPLAY_MODES)
      .optional()
      .describe(
        'how sources interleave: aligned (merged by event time; the default with more than one source), drift (Flink watermark alignment with maxAllowedWatermarkDrift), chunked (each source reads whole chunks in turn: fastest; the default with one source)',
      ),
    maxAllowedWatermarkDrift: Duration.optional().describe('drift mode: how far ahead in event time a source may run before it pauses (Flink\'s maxAllowedWatermarkDrift)'),
  })
  .superRefine((r, ctx) => {
    if (r.mode === 'drift' && r.maxAllowedWatermarkDrift === undefined)
      ctx.addIssue({ code: 'custom', path: ['maxAllowedWatermarkDrift'], message: 'drift mode needs maxAllowedWatermarkDrift (e.g. "30s"; 0 is the same as aligned)' });
    if (r.mode !== 'drift' && r.maxAllowedWatermarkDrift !== undefined)
      ctx.addIssue({ code: 'custom', path: ['maxAllowedWatermarkDrift'], message: `maxAllowedWatermarkDrift applies to mode "drift" only (mode is ${r.mode ?? 'not set'})` });
  });
export type ReplaySettings = z.output<typeof ReplaySettingsSchema>;

/** The mode a run uses, after defaults. */
export interface ResolvedReplay {
  mode: ReplayMode;
  /** Event-time ms a source may run ahead: 0 for `aligned`, the setting for `drift`, +∞ for `chunked`. */
  maxDriftMs: number;
  /** Whether the pipeline chose it (`false`: the default for its number of sources). */
  explicit: boolean;
}

/**
 * The replay a pipeline runs with: its `settings.replay`, else `aligned` when it has more than one
 * source and `chunked` with one (a single source's order is its own, and chunked is fastest).
 */
export function resolveReplay(settings: ReplaySettings | undefined, sourceCount: number): ResolvedReplay {
  const mode: ReplayMode = settings?.mode ?? (sourceCount > 1 ? 'aligned' : 'chunked');
  const maxDriftMs = mode === 'aligned' ? 0 : mode === 'drift' ? (settings?.maxAllowedWatermarkDrift ?? 0) : Number.POSITIVE_INFINITY;
  return { mode, maxDriftMs, explicit: settings?.mode !== undefined };
}

/** `1h 30m`, `250ms`, `0ms`: a duration in the units people read. */
export function formatDrift(ms: number): string {
  if (ms === 0) return '0ms';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.slice(0, 2).join(' ');
}

/** `aligned`, `drift ≤ 30s`, `chunked` (what the canvas shows on source nodes). */
export function replayLabel(r: ResolvedReplay): string {
  return r.mode === 'drift' ? `drift ≤ ${formatDrift(r.maxDriftMs)}` : r.mode;
}

/**
 * Parses a per-run override (`tributary run --replay`): `aligned`, `chunked`, or `drift:<duration>`
 * (`drift:30s`). @throws Error saying what is accepted.
 */
export function parseReplayOption(text: string): ReplaySettings {
  if (text === 'aligned' || text === 'chunked') return { mode: text };
  const drift = /^drift[:=](.+)$/.exec(text);
  const ms = drift ? parseDuration((drift[1] as string).trim()) : undefined;
  if (ms !== undefined) return { mode: 'drift', maxAllowedWatermarkDrift: ms };
  throw new Error(`--replay takes aligned, chunked or drift:<duration> (e.g. drift:30s), not "${text}"`);
}

/** `raw` (a document as read, not validated) with `settings.replay` set to `replay`; anything else kept. */
export function withReplaySettings(raw: unknown, replay: ReplaySettings): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const doc = raw as Record<string, unknown>;
  const settings = typeof doc.settings === 'object' && doc.settings !== null && !Array.isArray(doc.settings) ? (doc.settings as Record<string, unknown>) : {};
  return { ...doc, settings: { ...settings, replay } };
}

/**
 * The replay part of a run's result (`JobResult#replay`, the host's run summary): the mode and,
 * per source in document order, whether the merge pulled it and the largest lead of its
 * watermark over the other sources' minimum (ms; `null` with one source or before two had one).
 */
export const ReplaySummarySchema = z.object({
  mode: z.enum(REPLAY_MODES),
  /** `drift`: the configured `maxAllowedWatermarkDrift`, ms. */
  maxAllowedWatermarkDrift: z.number().optional(),
  sources: z.array(z.object({ nodeId: z.string(), merged: z.boolean(), maxWatermarkLeadMs: z.number().nullable() })),
});
export type ReplaySummary = z.output<typeof ReplaySummarySchema>;

/**
 * `replay aligned: in_order, shuffled merged by event time; watermark lead at most in_order 9h 4m,
 * shuffled 7h 9m` — for the CLI and the studio; `undefined` with fewer than two sources.
 */
export function replaySummaryText(r: ReplaySummary): string | undefined {
  if (r.sources.length < 2) return undefined;
  const mode = r.mode === 'drift' ? `drift (maxAllowedWatermarkDrift ${formatDrift(r.maxAllowedWatermarkDrift ?? 0)})` : r.mode;
  const merged = r.sources.filter((s) => s.merged).map((s) => s.nodeId);
  const chunked = r.sources.filter((s) => !s.merged).map((s) => s.nodeId);
  const how = [merged.length > 0 ? `${merged.join(', ')} merged by event time` : '', chunked.length > 0 ? `${chunked.join(', ')} chunked` : ''].filter((x) => x !== '').join('; ');
  const leads = r.sources.map((s) => `${s.nodeId} ${s.maxWatermarkLeadMs === null ? '-' : formatDrift(s.maxWatermarkLeadMs)}`).join(', ');
  return `replay ${mode}: ${how}; watermark lead at most ${leads}`;
}

/**
 * Running the pattern node on a short, hand-written event sequence, for conformance tests: one
 * key (unless an event names its `k`), timestamps 1 s apart in the order given (unless given), a punctuated watermark, and the
 * matches rendered as the event names in stage order (`"a b1 c"`), the way Flink's CEP docs
 * write them.
 */
import { doc, edge, node, runPipeline, type Run } from '../engine/harness.ts';

export interface SequenceEvent {
  id: string;
  /** Event time (ms); default: position × 1000. */
  t?: number;
  /** Key (default `key`). */
  k?: string;
  [field: string]: unknown;
}

export interface SequenceResult {
  /** Matches as `"a b1 c"`, sorted. */
  matches: string[];
  /** Timed-out partial matches as `"a b1 @<timeout time>"`, sorted. */
  timeouts: string[];
  late: string[];
  errors: Record<string, unknown>[];
  run: Run;
}

/** Event names of a default output row, stage by stage. */
export function matchText(row: Record<string, unknown>, stages: readonly string[]): string {
  return stages.flatMap((s) => ((row[s] as SequenceEvent[] | undefined) ?? []).map((e) => e.id)).join(' ');
}

/**
 * Runs `config` (a pattern node config) on `events` (a name per event, or events with fields):
 * `name` is the event's id; conditions can test `event.id`, or `event.type` = the id without
 * digits (`b2` → `b`).
 */
export async function runSequence(config: Record<string, unknown>, events: readonly (string | SequenceEvent)[], code?: string): Promise<SequenceResult> {
  const rows = events.map((e, i) => {
    const ev: SequenceEvent = typeof e === 'string' ? { id: e } : e;
    return { type: ev.id.replace(/\d+$/, '').toLowerCase(), ...ev, k: ev.k ?? 'key', t: ev.t ?? (i + 1) * 1000 };
  });
  const run = await runPipeline(
    doc(
      [
        node('src', 'values', { rows, time: { mode: 'event', field: 't' }, watermarks: { emit: 'punctuated' } }),
        node('by_key', 'keyBy', { key: { fields: ['k'] } }),
        node('p', 'pattern', config, code),
        node('out', 'fileSink', { path: 'out.jsonl' }),
        node('timeouts', 'fileSink', { path: 'timeouts.jsonl' }),
        node('late', 'fileSink', { path: 'late.jsonl' }),
        node('errors', 'fileSink', { path: 'errors.jsonl' }),
      ],
      [edge('src', 'by_key'), edge('by_key', 'p'), edge('p', 'out'), edge('p', 'timeouts', 'timeout'), edge('p', 'late', 'late'), edge('p', 'errors', 'errors')],
    ),
  );
  const stages = (config.stages as { name: string }[]).map((s) => s.name);
  return {
    matches: run.fileRows('out').map((r) => matchText(r, stages)).sort(),
    timeouts: run.fileRows('timeouts').map((r) => `${matchText(r, stages)} @${Date.parse(String(r.timed_out_at))}`).sort(),
    late: run.fileRows('late').map((r) => String((r.record as SequenceEvent).id)),
    errors: run.fileRows('errors'),
    run,
  };
}

/** A stage whose condition is `event.type === <type>` (or one of several types). */
export function stage(name: string, contiguity: string, types: string | string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const list = Array.isArray(types) ? types : [types];
  return { name, contiguity, condition: list.map((t) => `event.type === ${JSON.stringify(t)}`).join(' || '), ...extra };
}

/**
 * The rows a pattern node emits. A match is given to the node's code as `{ <stage>: event[] }`
 * (Flink's `Map<String, List<T>>` of `PatternProcessFunction.processMatch`), with every stage
 * that can take events present — `[]` when an optional stage took none — in stage order;
 * without code the row is `{ key, match_start, match_end, <stage>: [...] }` (ISO-8601 times of
 * the match's first and last event). A timed-out partial match (Flink's
 * `TimedOutPartialMatchHandler`) is `{ key, match_start, timed_out_at, <stage>: [...] }`.
 * Each row also carries, for the editor, the arrival positions of the events it holds.
 */
import { formatTime, type DataRecord } from '../../runtime/record.ts';
import type { Match } from './nfa.ts';

/** The user-facing match and the facts about it. */
export interface MatchView {
  /** `{ stage: events }` for every stage that takes events, in stage order. */
  readonly match: Record<string, DataRecord[]>;
  /** Earliest and latest event timestamp (epoch ms). */
  readonly first: number;
  readonly last: number;
  /** Arrival positions of its events, in stage order. */
  readonly positions: number[];
}

/**
 * @param stages names of the stages that take events (negated stages never do), by stage index;
 *   `undefined` for negated stages.
 */
export function viewOf(m: Match, stages: readonly (string | undefined)[]): MatchView {
  const match: Record<string, DataRecord[]> = {};
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const positions: number[] = [];
  for (let i = 0; i < stages.length; i++) {
    const name = stages[i];
    if (name === undefined) continue;
    const events = m.get(i);
    const records: DataRecord[] = [];
    if (events) {
      for (const e of events) {
        records.push(e.r);
        if (e.ts < first) first = e.ts;
        if (e.ts > last) last = e.ts;
        positions.push(e.pos);
      }
    }
    match[name] = records;
  }
  return { match, first, last, positions };
}

/** The row of a match without code. */
export function defaultMatchRow(key: string, v: MatchView): DataRecord {
  const row: DataRecord = { key, match_start: formatTime(v.first), match_end: formatTime(v.last) };
  for (const stage in v.match) row[stage] = v.match[stage];
  return row;
}

/** The row of a timed-out partial match; `at` = first event + `within`. */
export function timeoutRow(key: string, v: MatchView, at: number): DataRecord {
  const row: DataRecord = { key, match_start: formatTime(v.first), timed_out_at: formatTime(at) };
  for (const stage in v.match) row[stage] = v.match[stage];
  return row;
}

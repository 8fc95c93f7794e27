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

const DAY = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = '';
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `Date#toISOString()` of epoch ms (`formatTime` for finite times), without a `Date` per call:
 * rows come out in bursts of nearby times, so the date part is kept for the last day seen.
 */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= 253_402_300_800_000) return formatTime(ms);
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let rest = t - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${cachedPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(rest - sec * 1000)}Z`;
}

/** The row of a match without code. */
export function defaultMatchRow(key: string, v: MatchView): DataRecord {
  const row: DataRecord = { key, match_start: isoTime(v.first), match_end: isoTime(v.last) };
  for (const stage in v.match) row[stage] = v.match[stage];
  return row;
}

/** The row of a timed-out partial match; `at` = first event + `within`. */
export function timeoutRow(key: string, v: MatchView, at: number): DataRecord {
  const row: DataRecord = { key, match_start: isoTime(v.first), timed_out_at: isoTime(at) };
  for (const stage in v.match) row[stage] = v.match[stage];
  return row;
}

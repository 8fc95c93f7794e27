/**
 * Open windows of a key, read from its state entries with the help of the node's state shape
 * (`Operator.stateShape`, kept in every checkpoint): a tumbling or sliding window node keeps,
 * per key, a map `windows` from window start to accumulator; a session window node a value
 * `sessions` of `{ start, end, acc }`. The accumulator is `{ key, accs }` with one accumulator
 * per aggregate, in the order of the shape's `aggregates=fn(field):name,…` — shown by name.
 * Windows are `[start, end)` in epoch ms, like Flink's `TimeWindow`.
 */
import type { JsonTree } from './json-tree.ts';
import type { StateEntryView } from './state-index.ts';

export interface WindowView {
  start: number;
  end: number;
  /** Accumulators by aggregate name (the raw accumulator: `avg` keeps `{ sum, n }`). */
  aggregates: Record<string, JsonTree>;
}

/** Aggregate names in the order of a window shape's `aggregates=…`. */
export function aggregateNames(shape: string): string[] {
  const list = /(?:^|;)aggregates=(.*)$/.exec(shape)?.[1];
  if (!list) return [];
  return list.split(',').map((a) => a.slice(a.lastIndexOf(':') + 1));
}

function named(acc: JsonTree, names: readonly string[]): Record<string, JsonTree> {
  const accs = acc && typeof acc === 'object' && !Array.isArray(acc) ? acc.accs : undefined;
  const out: Record<string, JsonTree> = {};
  if (!Array.isArray(accs)) return { accumulator: acc };
  accs.forEach((a, i) => (out[names[i] ?? `#${i}`] = a));
  return out;
}

/**
 * The windows a key holds, oldest first; empty for a node that is not a window (by its shape).
 */
export function windowsOf(shape: string, entries: readonly StateEntryView[]): WindowView[] {
  const names = aggregateNames(shape);
  const aligned = /^(?:tumbling|sliding)\(size=(\d+),/.exec(shape);
  const out: WindowView[] = [];
  if (aligned) {
    const size = Number(aligned[1]);
    const map = entries.find((e) => e.name === 'windows')?.value;
    const pairs = map && typeof map === 'object' && !Array.isArray(map) ? map.$map : undefined;
    if (!Array.isArray(pairs)) return [];
    for (const pair of pairs) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'number') continue;
      out.push({ start: pair[0], end: pair[0] + size, aggregates: named(pair[1] ?? null, names) });
    }
  } else if (/^session\(/.test(shape)) {
    const sessions = entries.find((e) => e.name === 'sessions')?.value;
    if (!Array.isArray(sessions)) return [];
    for (const s of sessions) {
      if (!s || typeof s !== 'object' || Array.isArray(s) || typeof s.start !== 'number' || typeof s.end !== 'number') continue;
      out.push({ start: s.start, end: s.end, aggregates: named(s.acc ?? null, names) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

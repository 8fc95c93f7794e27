/**
 * The built-in aggregates with retraction, for the non-windowed `aggregate` node: Flink's
 * `*WithRetractAggFunction`s (`CountAggFunction`, `SumWithRetractAggFunction`,
 * `AvgAggFunction`, `MinWithRetractAggFunction`, …), whose `retract` undoes an `accumulate`.
 * `min`/`max` keep a multiset of the values seen (value → count) besides the current extreme,
 * so deleting the current minimum finds the next one, as Flink's `MinWithRetractAggFunction`
 * does with its `MapView`; `countDistinct` keeps the same multiset. `first`/`last` keep every
 * value in arrival order; a retraction removes the value's earliest occurrence.
 * SQL rules as the window aggregates (`window/aggregates.ts`): null and missing values are
 * ignored, `sum`/`avg`/`min`/`max` of no value are null, `avg` is the exact mean (a float).
 * Accumulators are plain JSON data (keyed state, checkpointed), changed in place.
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import { inheritable, own } from '../own-field.ts';
import type { DataRecord } from '../record.ts';
import { numeric } from '../window/aggregates.ts';

/** An aggregate that can take rows back (Flink's `AggregateFunction#retract`). */
export interface RetractableAggregate<Acc = unknown> {
  create(): Acc;
  /** Adds a `+I`/`+U` row; may mutate and return `acc`. */
  accumulate(acc: Acc, row: DataRecord): Acc;
  /** Takes back a `-U`/`-D` row; may mutate and return `acc`. */
  retract(acc: Acc, row: DataRecord): Acc;
  result(acc: Acc): unknown;
}


const present = (v: unknown): boolean => v !== null && v !== undefined;

/** A field reader (own properties only, as everywhere in the engine). */
function reader(field: string): (row: DataRecord) => unknown {
  const mayInherit = inheritable(field);
  return (row) => own(row, field, row[field], mayInherit);
}

interface SumAcc {
  sum: number;
  /** Values counted (null result when 0, as Flink's SumWithRetract). */
  n: number;
}

function sumLike(read: (row: DataRecord) => unknown, result: (a: SumAcc) => unknown): RetractableAggregate<SumAcc> {
  return {
    create: () => ({ sum: 0, n: 0 }),
    accumulate(acc, row) {
      const v = numeric(read(row));
      if (v !== undefined) {
        acc.sum += v;
        acc.n++;
      }
      return acc;
    },
    retract(acc, row) {
      const v = numeric(read(row));
      if (v !== undefined) {
        acc.sum -= v;
        acc.n--;
      }
      return acc;
    },
    result,
  };
}

function counting(counts: (row: DataRecord) => boolean): RetractableAggregate<number> {
  return {
    create: () => 0,
    accumulate: (acc, row) => (counts(row) ? acc + 1 : acc),
    retract: (acc, row) => (counts(row) ? acc - 1 : acc),
    result: (acc) => acc,
  };
}

/**
 * A multiset of values: value → how many rows hold it. Numbers and strings are their own keys (a
 * `Map` tells `5` from `"5"`); other JSON values go by their JSON text behind a NUL prefix. A
 * count may go negative on a retraction of a value never seen, as Flink's `MapView` counts do.
 */
type Multiset = Map<unknown, number>;

const OTHER = '\u0000';
const toKey = (v: unknown): unknown => (typeof v === 'string' || typeof v === 'number' ? v : OTHER + JSON.stringify(v));
const fromKey = (k: unknown): unknown => (typeof k === 'string' && k.startsWith(OTHER) ? (JSON.parse(k.slice(1)) as unknown) : k);

function change(set: Multiset, key: unknown, by: number): number {
  const n = (set.get(key) ?? 0) + by;
  if (n === 0) set.delete(key);
  else set.set(key, n);
  return n;
}

interface ExtremeAcc {
  vals: Multiset;
  /** The current extreme, or null when no value has a positive count. */
  ext: number | string | null;
}

function extreme(read: (row: DataRecord) => unknown, better: (a: number | string, b: number | string) => boolean): RetractableAggregate<ExtremeAcc> {
  const comparable = (v: unknown): v is number | string => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  const rescan = (acc: ExtremeAcc): void => {
    let best: number | string | null = null;
    for (const [v, n] of acc.vals) if (n > 0 && (best === null || better(v as number | string, best))) best = v as number | string;
    acc.ext = best;
  };
  return {
    create: () => ({ vals: new Map(), ext: null }),
    accumulate(acc, row) {
      const v = read(row);
      if (!comparable(v)) return acc;
      const n = change(acc.vals, v, 1);
      if (n > 0 && (acc.ext === null || better(v, acc.ext))) acc.ext = v;
      return acc;
    },
    retract(acc, row) {
      const v = read(row);
      if (!comparable(v)) return acc;
      // The extreme's last row went away: the next one is found in the multiset.
      if (change(acc.vals, v, -1) <= 0 && acc.ext === v) rescan(acc);
      return acc;
    },
    result: (acc) => acc.ext,
  };
}

interface DistinctAcc {
  vals: Multiset;
}
function countDistinct(read: (row: DataRecord) => unknown): RetractableAggregate<DistinctAcc> {
  return {
    create: () => ({ vals: new Map() }),
    accumulate(acc, row) {
      const v = read(row);
      if (present(v)) change(acc.vals, toKey(v), 1);
      return acc;
    },
    retract(acc, row) {
      const v = read(row);
      if (present(v)) change(acc.vals, toKey(v), -1);
      return acc;
    },
    result: (acc) => {
      let n = 0;
      for (const c of acc.vals.values()) if (c > 0) n++;
      return n;
    },
  };
}

function firstLast(read: (row: DataRecord) => unknown, last: boolean): RetractableAggregate<unknown[]> {
  return {
    create: () => [],
    accumulate(acc, row) {
      const v = read(row);
      if (present(v)) acc.push(toKey(v));
      return acc;
    },
    retract(acc, row) {
      const v = read(row);
      if (!present(v)) return acc;
      const i = acc.indexOf(toKey(v));
      if (i >= 0) acc.splice(i, 1);
      return acc;
    },
    result: (acc) => (acc.length === 0 ? null : fromKey(acc[last ? acc.length - 1 : 0])),
  };
}

/**
 * The retractable form of a built-in aggregate.
 * @throws Error for `custom` (a user aggregate has no `retract` yet).
 */
export function retractableAggregate(spec: AggregateSpec): RetractableAggregate {
  const read = reader(spec.field ?? '');
  switch (spec.fn) {
    case 'count':
      return (spec.field === undefined ? counting(() => true) : counting((row) => present(read(row)))) as RetractableAggregate;
    case 'sum':
      return sumLike(read, (a) => (a.n === 0 ? null : a.sum)) as RetractableAggregate;
    case 'avg':
      return sumLike(read, (a) => (a.n === 0 ? null : a.sum / a.n)) as RetractableAggregate;
    case 'min':
      return extreme(read, (a, b) => a < b) as RetractableAggregate;
    case 'max':
      return extreme(read, (a, b) => a > b) as RetractableAggregate;
    case 'first':
      return firstLast(read, false) as RetractableAggregate;
    case 'last':
      return firstLast(read, true) as RetractableAggregate;
    case 'countDistinct':
      return countDistinct(read) as RetractableAggregate;
    case 'custom':
      throw new Error(`aggregate "${spec.name}": custom aggregates are not retractable yet`);
  }
}

/**
 * Built-in aggregate functions of the window nodes, each as Flink's `AggregateFunction`
 * (create / add / merge / result), plus the user's own (`fn: "custom"`, from the node's code).
 * SQL rules: `null`/missing values are ignored — `count` without a field counts records
 * (`COUNT(*)`), with a field its present values (`COUNT(col)`); `sum`, `avg`, `min`, `max`,
 * `first`, `last` of no value are null (Flink SQL's SUM of only NULLs is NULL). `avg` is the
 * exact mean (a float even over integers, like Flink's `AVG(CAST(x AS DOUBLE))`; Flink SQL's
 * `AVG(INT)` truncates). `first`/`last` follow arrival order,
 * as Flink SQL's FIRST_VALUE/LAST_VALUE. Numbers in strings (CSV) are read as numbers for
 * sum and avg. Fields are read as own properties (`own-field.ts`).
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import { inheritable, own } from '../own-field.ts';
import type { DataRecord } from '../record.ts';
import type { UserAggregate } from '../../udf/user-api.ts';

export interface AggregateFunction<Acc = unknown> {
  create(): Acc;
  /** Adds a record; `seq` orders arrivals (for first/last). May mutate and return `acc`. */
  add(acc: Acc, row: DataRecord, seq: number): Acc;
  merge(a: Acc, b: Acc): Acc;
  result(acc: Acc): unknown;
}

/** The user's aggregate: functions from the node's code (the type user code sees). */
export type { UserAggregate } from '../../udf/user-api.ts';

/** A field's value as a finite number (numbers, numeric strings), else `undefined`: what `sum`/`avg`/`min`/`max` count. */
export function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined;
}

/** `COUNT(*)`: every record. */
const countAll = (): AggregateFunction<number> => ({
  create: () => 0,
  add: (acc) => acc + 1,
  merge: (a, b) => a + b,
  result: (acc) => acc,
});

/** `COUNT(field)`: records whose field is present (not null, not missing), as SQL's COUNT(col). */
const countField = (field: string, mayInherit: boolean): AggregateFunction<number> => ({
  create: () => 0,
  add: (acc, row) => (present(own(row, field, row[field], mayInherit)) ? acc + 1 : acc),
  merge: (a, b) => a + b,
  result: (acc) => acc,
});

/**
 * `SUM(field)`: the sum of the numeric values; `null` when there was none (Flink SQL's SUM of
 * only NULLs is NULL). The accumulator is `null` until the first value.
 */
const sum = (field: string, mayInherit: boolean): AggregateFunction<number | null> => ({
  create: () => null,
  add: (acc, row) => {
    const v = numeric(own(row, field, row[field], mayInherit));
    return v === undefined ? acc : (acc ?? 0) + v;
  },
  merge: (a, b) => (a === null ? b : b === null ? a : a + b),
  result: (acc) => acc,
});

interface AvgAcc {
  sum: number;
  n: number;
}
const avg = (field: string, mayInherit: boolean): AggregateFunction<AvgAcc> => ({
  create: () => ({ sum: 0, n: 0 }),
  add: (acc, row) => {
    const v = numeric(own(row, field, row[field], mayInherit));
    if (v !== undefined) {
      acc.sum += v;
      acc.n++;
    }
    return acc;
  },
  merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
  result: (acc) => (acc.n === 0 ? null : acc.sum / acc.n),
});

type Comparable = number | string | null;
const extreme = (field: string, mayInherit: boolean, better: (a: Comparable & {}, b: Comparable & {}) => boolean): AggregateFunction<Comparable> => {
  const pick = (a: Comparable, b: Comparable): Comparable => (a === null ? b : b === null ? a : better(b, a) ? b : a);
  return {
    create: () => null,
    add: (acc, row) => {
      const v = own(row, field, row[field], mayInherit);
      return typeof v === 'number' || typeof v === 'string' ? pick(acc, v) : acc;
    },
    merge: pick,
    result: (acc) => acc,
  };
};

interface Seen {
  seq: number;
  value: unknown;
}
const firstLast = (field: string, mayInherit: boolean, last: boolean): AggregateFunction<Seen | null> => {
  const pick = (a: Seen | null, b: Seen | null): Seen | null => (a === null ? b : b === null ? a : (b.seq > a.seq) === last ? b : a);
  return {
    create: () => null,
    add: (acc, row, seq) => {
      const value = own(row, field, row[field], mayInherit);
      return present(value) ? pick(acc, { seq, value }) : acc;
    },
    merge: pick,
    result: (acc) => (acc === null ? null : acc.value),
  };
};

/** Distinct values by their JSON form; kept as an array so it snapshots as JSON. */
const countDistinct = (field: string, mayInherit: boolean): AggregateFunction<Set<string>> => ({
  create: () => new Set(),
  add: (acc, row) => {
    const v = own(row, field, row[field], mayInherit);
    if (present(v)) acc.add(typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`);
    return acc;
  },
  merge: (a, b) => new Set([...a, ...b]),
  result: (acc) => acc.size,
});

const custom = (user: UserAggregate): AggregateFunction => ({
  create: () => user.create(),
  add: (acc, row) => user.add(acc, row),
  merge: (a, b) => user.merge(a, b),
  result: (acc) => user.result(acc),
});

/**
 * Builds the aggregate function for one spec.
 * @throws Error for `custom` without user code.
 */
export function aggregateFunction(spec: AggregateSpec, user: UserAggregate | undefined): AggregateFunction {
  const field = spec.field ?? '';
  const mayInherit = inheritable(field);
  switch (spec.fn) {
    case 'count':
      return (spec.field === undefined ? countAll() : countField(field, mayInherit)) as AggregateFunction;
    case 'sum':
      return sum(field, mayInherit) as AggregateFunction;
    case 'avg':
      return avg(field, mayInherit) as AggregateFunction;
    case 'min':
      return extreme(field, mayInherit, (a, b) => a < b) as AggregateFunction;
    case 'max':
      return extreme(field, mayInherit, (a, b) => a > b) as AggregateFunction;
    case 'first':
      return firstLast(field, mayInherit, false) as AggregateFunction;
    case 'last':
      return firstLast(field, mayInherit, true) as AggregateFunction;
    case 'countDistinct':
      return countDistinct(field, mayInherit) as AggregateFunction;
    case 'custom':
      if (!user) throw new Error(`aggregate "${spec.name}" is custom but the node has no code`);
      return custom(user);
  }
}

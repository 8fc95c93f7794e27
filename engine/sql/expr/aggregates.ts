/**
 * The aggregate functions of a window aggregation as accumulators, with Flink's semantics
 * (the declarative aggregate functions of flink-table-planner), for the operator builder:
 * - COUNT(*) counts rows, COUNT(x) non-NULL values, COUNT(DISTINCT x) distinct non-NULL values;
 * - SUM skips NULLs and is NULL over no non-NULL value; it adds in the result type, so SUM of
 *   INT wraps like Java's int and SUM of DECIMAL is NULL once it no longer fits DECIMAL(38, s)
 *   (Flink's `IF(ISNULL(sum), value, sum + value)` then starts again from the next value);
 * - AVG sums integers as BIGINT and divides by the count truncating toward zero, cast to the
 *   argument type (AVG of INT 1 and 2 is 1); DOUBLE/FLOAT divide in floating point; DECIMAL
 *   divides the DECIMAL(38, s) sum with the AVG result scale; NULL over no value;
 * - MIN/MAX compare non-NULL values (strings by code point);
 * - FIRST_VALUE/LAST_VALUE keep the first/last non-NULL value in arrival order;
 * - LISTAGG joins the non-NULL values with the separator (`,` by default), NULL over none;
 * - DISTINCT keeps each distinct non-NULL value once and aggregates them when the window fires.
 * Accumulators are plain data (arrays, numbers, bigints, strings) so checkpoints can hold them;
 * `merge` combines two (session windows merge).
 */
import type { PlanAggregate } from '../plan/logical-plan.ts';
import type { SqlType } from '../types/sql-type.ts';
import { encodeValue } from '../types/json-codec.ts';
import type { SqlDecimal, SqlRow, SqlValue } from '../types/values.ts';
import { compareValues } from './compare.ts';
import { compileExpression, type CompiledExpression } from './compile.ts';
import { ARITHMETIC_OPS } from './arithmetic.ts';
import { castNumeric, narrow, toLong } from './numeric.ts';
import { divideDecimal, fitDecimal } from '../types/decimal.ts';

/** A compiled aggregate: accumulator life cycle over input rows. */
export interface CompiledAggregate {
  create(): unknown;
  /** Adds one input row (the arguments are evaluated here). */
  add(acc: unknown, row: SqlRow): unknown;
  merge(a: unknown, b: unknown): unknown;
  result(acc: unknown): SqlValue;
}

type Acc = { v: SqlValue; n: number };

/** The life cycle on argument values rather than rows. */
interface ValueAggregate {
  create(): unknown;
  addValue(acc: unknown, v: SqlValue): unknown;
  merge(a: unknown, b: unknown): unknown;
  result(acc: unknown): SqlValue;
}

function plus(type: SqlType): (a: SqlValue, b: SqlValue) => SqlValue {
  const rex = { kind: 'call' as const, op: '+', operands: [{ kind: 'input' as const, index: 0, name: 'a', type }, { kind: 'input' as const, index: 1, name: 'b', type }], type };
  const f = ARITHMETIC_OPS['+']!(rex, [(r) => r[0] ?? null, (r) => r[1] ?? null]);
  return (a, b) => f([a, b]);
}

/** Compiles an aggregate call of a WindowAggregate node (its arguments read the node's input row). */
export function compileAggregate(agg: PlanAggregate): CompiledAggregate {
  const arg: CompiledExpression = agg.args.length === 0 ? () => 1 : compileExpression(agg.args[0]!);
  const core = valueAggregate(agg, agg.args[0]?.type);
  if (!agg.distinct) {
    return { create: core.create, add: (acc, row) => core.addValue(acc, arg(row)), merge: core.merge, result: core.result };
  }
  // DISTINCT keeps the distinct non-NULL values (by their JSON form) and aggregates them at the end.
  const type = agg.args[0]!.type;
  type Seen = Record<string, SqlValue>;
  return {
    create: (): Seen => ({}),
    add: (acc, row) => {
      const v = arg(row);
      if (v !== null) (acc as Seen)[JSON.stringify(encodeValue(type, v))] = v;
      return acc;
    },
    merge: (a, b) => ({ ...(a as Seen), ...(b as Seen) }),
    result: (acc) => {
      let x = core.create();
      for (const v of Object.values(acc as Seen)) x = core.addValue(x, v);
      return core.result(x);
    },
  };
}

function valueAggregate(agg: PlanAggregate, argType: SqlType | undefined): ValueAggregate {
  const create = (): Acc => ({ v: null, n: 0 });
  const step = (combine: (acc: Acc, v: SqlValue) => void): ValueAggregate['addValue'] => (a, v) => {
    if (v !== null) combine(a as Acc, v);
    return a;
  };
  switch (agg.fn) {
    case 'COUNT':
      return {
        create,
        addValue: step((acc) => acc.n++),
        merge: (a, b) => ({ v: null, n: (a as Acc).n + (b as Acc).n }),
        result: (acc) => BigInt((acc as Acc).n),
      };
    case 'SUM': {
      const add = plus(agg.type);
      const cast = (v: SqlValue) => castNumeric(v, argType!, agg.type);
      const combine = (s: SqlValue, v: SqlValue) => (s === null ? v : add(s, v));
      return {
        create,
        addValue: step((acc, v) => (acc.v = combine(acc.v, cast(v)))),
        merge: (a, b) => ({ v: (b as Acc).v === null ? (a as Acc).v : combine((a as Acc).v, (b as Acc).v), n: 0 }),
        result: (acc) => (acc as Acc).v,
      };
    }
    case 'AVG':
      return average(agg, argType!, create, step);
    case 'MIN':
    case 'MAX': {
      const min = agg.fn === 'MIN';
      const better = (a: SqlValue, b: SqlValue): SqlValue => {
        if (a === null) return b;
        if (b === null) return a;
        const c = compareValues(b, a);
        return (min ? c < 0 : c > 0) ? b : a;
      };
      return {
        create,
        addValue: step((acc, v) => (acc.v = better(acc.v, v))),
        merge: (a, b) => ({ v: better((a as Acc).v, (b as Acc).v), n: 0 }),
        result: (acc) => (acc as Acc).v,
      };
    }
    case 'FIRST_VALUE':
    case 'LAST_VALUE': {
      const first = agg.fn === 'FIRST_VALUE';
      return {
        create,
        addValue: step((acc, v) => {
          if (!first || acc.v === null) acc.v = v;
        }),
        merge: (a, b) => ({ v: first ? ((a as Acc).v ?? (b as Acc).v) : ((b as Acc).v ?? (a as Acc).v), n: 0 }),
        result: (acc) => (acc as Acc).v,
      };
    }
    case 'LISTAGG': {
      const sep = agg.separator ?? ',';
      type ListAcc = { items: string[] };
      return {
        create: (): ListAcc => ({ items: [] }),
        addValue: (a, v) => {
          if (v !== null) (a as ListAcc).items.push(v as string);
          return a;
        },
        merge: (a, b) => ({ items: [...(a as ListAcc).items, ...(b as ListAcc).items] }),
        result: (acc) => ((acc as ListAcc).items.length === 0 ? null : (acc as ListAcc).items.join(sep)),
      };
    }
  }
}

function average(
  agg: PlanAggregate,
  argType: SqlType,
  create: () => Acc,
  step: (combine: (acc: Acc, v: SqlValue) => void) => ValueAggregate['addValue'],
): ValueAggregate {
  const k = argType.kind;
  const integral = k === 'TINYINT' || k === 'SMALLINT' || k === 'INT' || k === 'BIGINT';
  const sumType: SqlType = integral ? { kind: 'BIGINT', nullable: true } : k === 'DECIMAL' ? { kind: 'DECIMAL', precision: 38, scale: argType.scale, nullable: true } : { kind: 'DOUBLE', nullable: true };
  const add = plus(sumType);
  const toSum = (v: SqlValue) => (integral ? toLong(v, argType) : castNumeric(v, argType, sumType));
  const combine = (s: SqlValue, v: SqlValue) => (s === null ? v : add(s, v));
  const result = (acc: Acc): SqlValue => {
    if (acc.n === 0 || acc.v === null) return null;
    if (integral) return narrow(agg.type.kind, (acc.v as bigint) / BigInt(acc.n));
    if (k === 'DECIMAL') {
      const t = agg.type as Extract<SqlType, { kind: 'DECIMAL' }>;
      return fitDecimal(divideDecimal(acc.v as SqlDecimal, { unscaled: BigInt(acc.n), scale: 0 }, t.scale), t.precision, t.scale);
    }
    const d = (acc.v as number) / acc.n;
    return agg.type.kind === 'FLOAT' ? Math.fround(d) : d;
  };
  return {
    create,
    addValue: step((acc, v) => {
      acc.v = combine(acc.v, toSum(v));
      acc.n++;
    }),
    merge: (a, b) => {
      const x = a as Acc;
      const y = b as Acc;
      return { v: y.v === null ? x.v : combine(x.v, y.v), n: x.n + y.n };
    },
    result: (acc) => result(acc as Acc),
  };
}

/**
 * `+ - * / %` and unary minus, computed in the result type as Flink's generated Java does:
 * TINYINT/SMALLINT/INT/BIGINT wrap on overflow (`(int) (a + b)`), integer `/` truncates toward
 * zero and `/ by zero` is an error (Java's ArithmeticException fails the job), `%` has the
 * dividend's sign; FLOAT rounds each result to 32 bits; DOUBLE follows IEEE (1/0.0 is Infinity);
 * DECIMAL is exact, rounded HALF_UP to the result scale, NULL when the result does not fit its
 * precision, an error on division by zero. Timestamps and dates move by intervals
 * (`DateTimeUtils.addMonths` for months).
 */
import { addDecimal, divideDecimal, fitDecimal, multiplyDecimal, remainderDecimal, subtractDecimal } from '../types/decimal.ts';
import type { SqlType } from '../types/sql-type.ts';
import { MS_PER_DAY } from '../types/temporal.ts';
import type { SqlDecimal, SqlValue } from '../types/values.ts';
import { SqlRuntimeError } from '../runtime-error.ts';
import { addMonthsToDate, addMonthsToTimestamp } from './calendar.ts';
import { narrow, toDecimalValue, toLong } from './numeric.ts';
import { strict, type CallRex, type CompiledExpression, type OpCompiler } from './op-types.ts';

type Num = (a: number, b: number) => number;
type Big = (a: bigint, b: bigint) => bigint;

const zero = (op: string): never => {
  throw new SqlRuntimeError('/ by zero', op);
};

const INT_OPS: Record<string, Num> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => Math.imul(a, b),
  '/': (a, b) => (b === 0 ? zero('/') : Math.trunc(a / b)),
};
const BIG_OPS: Record<string, Big> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0n ? zero('/') : a / b),
};
const DOUBLE_OPS: Record<string, Num> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

function decimalOp(op: string, t: Extract<SqlType, { kind: 'DECIMAL' }>, at: SqlType, bt: SqlType): (a: SqlValue, b: SqlValue) => SqlValue {
  return (x, y) => {
    const a = toDecimalValue(x, at) as SqlDecimal;
    const b = toDecimalValue(y, bt) as SqlDecimal;
    let r: SqlDecimal;
    try {
      if (op === '+') r = addDecimal(a, b);
      else if (op === '-') r = subtractDecimal(a, b);
      else if (op === '*') r = multiplyDecimal(a, b);
      else if (op === '/') r = divideDecimal(a, b, t.scale);
      else r = remainderDecimal(a, b);
    } catch (e) {
      throw new SqlRuntimeError(e instanceof Error ? e.message : String(e), op);
    }
    return fitDecimal(r, t.precision, t.scale);
  };
}

function temporal(op: '+' | '-', rex: CallRex, args: readonly CompiledExpression[]): CompiledExpression {
  const at = rex.operands[0]!.type;
  const bt = rex.operands[1]!.type;
  const sign = op === '+' ? 1 : -1;
  const months = bt.kind === 'INTERVAL_YEAR_MONTH';
  switch (at.kind) {
    case 'DATE':
      return strict(args, (d, r) => (months ? addMonthsToDate(d as number, sign * (r as number)) : (d as number) + sign * Math.trunc((r as number) / MS_PER_DAY)));
    case 'TIME':
      return strict(args, (t, r) => (months ? t : ((t as number) + MS_PER_DAY + sign * ((r as number) % MS_PER_DAY)) % MS_PER_DAY));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return strict(args, (t, r) => (months ? addMonthsToTimestamp(t as number, sign * (r as number)) : (t as number) + sign * (r as number)));
    default:
      return strict(args, (a, b) => (a as number) + sign * (b as number));
  }
}

/** The result of `op` on numbers in an integer type, wrapped to it. */
function integerOp(op: string, kind: string): (a: SqlValue, b: SqlValue) => SqlValue {
  if (kind === 'BIGINT') {
    const f = BIG_OPS[op]!;
    return (a, b) => BigInt.asIntN(64, f(a as bigint, b as bigint));
  }
  const f = INT_OPS[op]!;
  if (kind === 'INT') return (a, b) => f(a as number, b as number) | 0;
  const bits = kind === 'SMALLINT' ? 16 : 8;
  return (a, b) => (f(a as number, b as number) << (32 - bits)) >> (32 - bits);
}

function arithmetic(op: string): OpCompiler {
  return (rex, args) => {
    const t = rex.type;
    const at = rex.operands[0]!.type;
    const bt = rex.operands[1]!.type;
    if ((op === '+' || op === '-') && (at.kind === 'DATE' || at.kind === 'TIME' || at.kind === 'TIMESTAMP' || at.kind === 'TIMESTAMP_LTZ' || at.kind.startsWith('INTERVAL'))) {
      if (bt.kind.startsWith('INTERVAL')) return temporal(op, rex, args);
    }
    if (t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH') {
      return strict(args, (a, b) => Math.trunc(op === '*' ? (a as number) * (b as number) : (a as number) / (b as number)));
    }
    if (t.kind === 'DECIMAL') return strict(args, decimalOp(op, t, at, bt));
    if (op === '%' && t.kind !== 'FLOAT' && t.kind !== 'DOUBLE') {
      return strict(args, (a, b) => {
        const y = toLong(b, bt);
        if (y === 0n) return zero('%');
        return narrow(t.kind, toLong(a, at) % y);
      });
    }
    if (t.kind === 'DOUBLE') return strict(args, DOUBLE_OPS[op]! as (a: SqlValue, b: SqlValue) => SqlValue);
    if (t.kind === 'FLOAT') {
      const f = DOUBLE_OPS[op]!;
      return strict(args, (a, b) => Math.fround(f(a as number, b as number)));
    }
    return strict(args, integerOp(op, t.kind));
  };
}

const negate: OpCompiler = (rex, args) => {
  const t = rex.type;
  switch (t.kind) {
    case 'BIGINT':
      return strict(args, (a) => BigInt.asIntN(64, -(a as bigint)));
    case 'INT':
      return strict(args, (a) => -(a as number) | 0);
    case 'SMALLINT':
    case 'TINYINT':
      return strict(args, (a) => narrow(t.kind, -BigInt(a as number)));
    case 'DECIMAL':
      return strict(args, (a) => ({ unscaled: -(a as SqlDecimal).unscaled, scale: (a as SqlDecimal).scale }));
    default:
      return strict(args, (a) => -(a as number));
  }
};

/** The arithmetic operators by name. */
export const ARITHMETIC_OPS: Record<string, OpCompiler> = {
  '+': arithmetic('+'),
  '-': arithmetic('-'),
  '*': arithmetic('*'),
  '/': arithmetic('/'),
  '%': arithmetic('%'),
  NEGATE: negate,
};

/**
 * Numeric conversions with Java's semantics, as Flink's generated code applies them: integer
 * narrowing wraps (`(byte) 300` is 44), a FLOAT/DOUBLE goes to an integer type through Java's
 * `(long)` cast (truncation toward zero, NaN to 0, saturation at the long range) and then wraps
 * (`CAST(9234567891.12 AS INT)` is 644633299, as in Flink's CastFunctionITCase), a DECIMAL is
 * truncated toward zero and wraps, numbers become DECIMAL exactly (a double through its shortest
 * decimal form, as `BigDecimal.valueOf`) rounded HALF_UP, and a DECIMAL too large for its target
 * is NULL.
 */
import { decimalFromDouble, decimalToDouble, fitDecimal, truncateDecimal } from '../types/decimal.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { SqlDecimal, SqlValue } from '../types/values.ts';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java's `(long) d`. */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return LONG_MAX;
  if (d <= -(2 ** 63)) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/** Narrows an integer to TINYINT, SMALLINT, INT (numbers) or BIGINT (bigint), wrapping. */
export function narrow(kind: string, x: bigint): number | bigint {
  switch (kind) {
    case 'TINYINT':
      return Number(BigInt.asIntN(8, x));
    case 'SMALLINT':
      return Number(BigInt.asIntN(16, x));
    case 'INT':
      return Number(BigInt.asIntN(32, x));
    default:
      return BigInt.asIntN(64, x);
  }
}

/** The integral value of an exact or approximate numeric (or BOOLEAN) as a 64-bit integer. */
export function toLong(v: SqlValue, from: SqlType): bigint {
  switch (from.kind) {
    case 'BOOLEAN':
      return v ? 1n : 0n;
    case 'BIGINT':
      return v as bigint;
    case 'FLOAT':
    case 'DOUBLE':
      return doubleToLong(v as number);
    case 'DECIMAL':
      return BigInt.asIntN(64, truncateDecimal(v as SqlDecimal));
    default:
      return BigInt(v as number);
  }
}

/** The value as a double (Java's widening / `doubleValue()`). */
export function toDouble(v: SqlValue, from: SqlType): number {
  switch (from.kind) {
    case 'BOOLEAN':
      return v ? 1 : 0;
    case 'BIGINT':
      return Number(v as bigint);
    case 'DECIMAL':
      return decimalToDouble(v as SqlDecimal);
    default:
      return v as number;
  }
}

/** The exact decimal value of an exact numeric, or of a double via its shortest form. */
export function toDecimalValue(v: SqlValue, from: SqlType): SqlDecimal | null {
  switch (from.kind) {
    case 'DECIMAL':
      return v as SqlDecimal;
    case 'BOOLEAN':
      return { unscaled: v ? 1n : 0n, scale: 0 };
    case 'FLOAT':
    case 'DOUBLE':
      return decimalFromDouble(v as number);
    case 'BIGINT':
      return { unscaled: v as bigint, scale: 0 };
    default:
      return { unscaled: BigInt(v as number), scale: 0 };
  }
}

/** CAST between numerics and BOOLEAN (see the file header); NULL when a DECIMAL overflows. */
export function castNumeric(v: SqlValue, from: SqlType, to: SqlType): SqlValue {
  switch (to.kind) {
    case 'BOOLEAN':
      if (from.kind === 'DECIMAL') return (v as SqlDecimal).unscaled !== 0n;
      if (from.kind === 'BIGINT') return v !== 0n;
      return from.kind === 'BOOLEAN' ? v : v !== 0;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return narrow(to.kind, toLong(v, from));
    case 'FLOAT':
      return Math.fround(toDouble(v, from));
    case 'DOUBLE':
      return toDouble(v, from);
    case 'DECIMAL': {
      const d = toDecimalValue(v, from);
      return d === null ? null : fitDecimal(d, to.precision, to.scale);
    }
    default:
      throw new Error(`not a numeric type: ${to.kind}`);
  }
}

/**
 * Equality and order of non-NULL SQL values of one type, as Flink compares them: numbers with
 * Java's primitive operators (so NaN equals nothing and is neither smaller nor larger), DECIMAL
 * exactly, strings by code point — the byte order of their UTF-8 form, which Flink compares
 * (JavaScript's `<` compares UTF-16 units and differs above U+D7FF) — BOOLEAN with FALSE < TRUE,
 * binary strings unsigned byte-wise, ARRAY/MAP/ROW element-wise for equality.
 */
import { compareDecimal } from '../types/decimal.ts';
import { isDecimalValue, type SqlValue } from '../types/values.ts';

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Code-point order of two strings (negative, zero, positive). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const sx = isSurrogate(x);
      const sy = isSurrogate(y);
      if (sx !== sy) return sx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SQL `=` on two non-NULL values of the same type (NaN ≠ NaN, 0.0 = -0.0). */
export function valuesEqual(a: SqlValue, b: SqlValue): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (isDecimalValue(a) && isDecimalValue(b)) return compareDecimal(a, b) === 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b) === 0;
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      const w = b.get(k) ?? null;
      if ((v === null) !== (w === null) || (v !== null && !valuesEqual(v, w))) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      if ((x === null) !== (y === null) || (x !== null && !valuesEqual(x, y))) return false;
    }
    return true;
  }
  return false;
}

/**
 * Order of two non-NULL values of the same orderable type: negative, zero or positive. For
 * doubles this is a total order (NaN last, as Java's `Double.compare`), for sorting; the SQL
 * comparison operators use `lessThan` instead, which is false whenever NaN takes part.
 */
export function compareValues(a: SqlValue, b: SqlValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    return Number.isNaN(b) ? -1 : 0;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (isDecimalValue(a) && isDecimalValue(b)) return compareDecimal(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  throw new TypeError('values of this type have no order');
}

/** SQL `a < b` (false when NaN takes part). */
export function lessThan(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return compareValues(a, b) < 0;
}

/** SQL `a <= b` (false when NaN takes part). */
export function lessOrEqual(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  return compareValues(a, b) <= 0;
}

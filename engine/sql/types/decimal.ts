/**
 * Exact DECIMAL arithmetic on `SqlDecimal` values (bigint unscaled + scale), reproducing
 * Flink's `DecimalDataUtils`: results are rounded HALF_UP to the result type's scale and a
 * result that does not fit the result type's precision is NULL (`DecimalData.fromBigDecimal`
 * returns null on overflow), not an error. Division by zero is an error, as `BigDecimal.divide`.
 */
import type { SqlDecimal } from './values.ts';

const TEN = 10n;

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** |x| for bigints. */
function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** `n / d` rounded half away from zero (Java's RoundingMode.HALF_UP). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = abs(r) * 2n;
  if (twice >= abs(d)) return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n;
  return q;
}

/** Number of decimal digits of |x| (0 has 1). */
export function digitCount(x: bigint): number {
  return abs(x).toString().length;
}

/** `v` at `scale`, rounded HALF_UP when the scale shrinks. */
export function rescale(v: SqlDecimal, scale: number): SqlDecimal {
  if (scale === v.scale) return v;
  if (scale > v.scale) return { unscaled: v.unscaled * pow10(scale - v.scale), scale };
  return { unscaled: divRoundHalfUp(v.unscaled, pow10(v.scale - scale)), scale };
}

/** `v` rounded to (precision, scale), or null when its integer digits do not fit. */
export function fitDecimal(v: SqlDecimal, precision: number, scale: number): SqlDecimal | null {
  const r = rescale(v, scale);
  return digitCount(r.unscaled) > precision ? null : r;
}

/** The plain decimal text with exactly `scale` fraction digits: `-1.50`, `0.05`, `12`. */
export function formatDecimal(v: SqlDecimal): string {
  const neg = v.unscaled < 0n;
  let digits = abs(v.unscaled).toString();
  if (v.scale === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= v.scale) digits = '0'.repeat(v.scale - digits.length + 1) + digits;
  return `${neg ? '-' : ''}${digits.slice(0, -v.scale)}.${digits.slice(-v.scale)}`;
}

const DECIMAL_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/**
 * Parses decimal text exactly (digits, optional fraction and exponent, surrounding blanks).
 * Returns the value at its natural scale, or null when the text is not a number.
 */
export function parseDecimalText(text: string): SqlDecimal | null {
  const m = DECIMAL_RE.exec(text);
  if (m === null) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let unscaled = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  if (m[1] === '-') unscaled = -unscaled;
  let scale = frac.length - exp;
  if (scale < 0) {
    unscaled *= pow10(-scale);
    scale = 0;
  }
  return { unscaled, scale };
}

/**
 * A double as Java's `BigDecimal.valueOf(double)` sees it: its shortest decimal representation
 * (JavaScript's `Number#toString` gives the same digits).
 */
export function decimalFromDouble(d: number): SqlDecimal | null {
  if (!Number.isFinite(d)) return null;
  return parseDecimalText(String(d));
}

/** The nearest double (as `BigDecimal.doubleValue()`). */
export function decimalToDouble(v: SqlDecimal): number {
  return Number(formatDecimal(v));
}

/** Sign-aware comparison: negative, zero or positive. */
export function compareDecimal(a: SqlDecimal, b: SqlDecimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = rescale(a, s).unscaled;
  const y = rescale(b, s).unscaled;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact a + b (scale = max of the scales). */
export function addDecimal(a: SqlDecimal, b: SqlDecimal): SqlDecimal {
  const s = Math.max(a.scale, b.scale);
  return { unscaled: rescale(a, s).unscaled + rescale(b, s).unscaled, scale: s };
}

/** Exact a - b. */
export function subtractDecimal(a: SqlDecimal, b: SqlDecimal): SqlDecimal {
  return addDecimal(a, { unscaled: -b.unscaled, scale: b.scale });
}

/** Exact a × b. */
export function multiplyDecimal(a: SqlDecimal, b: SqlDecimal): SqlDecimal {
  return { unscaled: a.unscaled * b.unscaled, scale: a.scale + b.scale };
}

/**
 * a / b rounded HALF_UP at `scale`. Flink divides with `MathContext.DECIMAL128` (34 digits)
 * first; the two agree unless the quotient needs more than 34 significant digits.
 * @throws RangeError on division by zero.
 */
export function divideDecimal(a: SqlDecimal, b: SqlDecimal, scale: number): SqlDecimal {
  if (b.unscaled === 0n) throw new RangeError('Division by zero');
  // a/b = (ua / 10^sa) / (ub / 10^sb); scaled by 10^scale: ua * 10^(scale + sb - sa) / ub
  const shift = scale + b.scale - a.scale;
  const n = shift >= 0 ? a.unscaled * pow10(shift) : a.unscaled;
  const d = shift >= 0 ? b.unscaled : b.unscaled * pow10(-shift);
  return { unscaled: divRoundHalfUp(n, d), scale };
}

/** a % b with the dividend's sign (Java's `BigDecimal.remainder`). @throws RangeError on zero. */
export function remainderDecimal(a: SqlDecimal, b: SqlDecimal): SqlDecimal {
  if (b.unscaled === 0n) throw new RangeError('Division by zero');
  const s = Math.max(a.scale, b.scale);
  return { unscaled: rescale(a, s).unscaled % rescale(b, s).unscaled, scale: s };
}

/** The integral part, truncated toward zero (`BigDecimal.longValue()` before narrowing). */
export function truncateDecimal(v: SqlDecimal): bigint {
  return v.scale === 0 ? v.unscaled : v.unscaled / pow10(v.scale);
}

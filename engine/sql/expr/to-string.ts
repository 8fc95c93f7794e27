/**
 * Values as CAST(… AS STRING) prints them in Flink: BOOLEAN as `TRUE`/`FALSE`, integers in
 * decimal, FLOAT/DOUBLE as Java's `Float.toString`/`Double.toString` (`100.0`, `1.0E7`,
 * `1.234E-4`: plain between 10^-3 and 10^7, else computerized scientific notation, always a
 * digit after the point), DECIMAL with exactly its scale, DATE `yyyy-MM-dd`, TIME `HH:mm:ss`
 * (fractional seconds are dropped, FLINK-17224), TIMESTAMP(p) and TIMESTAMP_LTZ(p)
 * `yyyy-MM-dd HH:mm:ss[.f…]` with p fraction digits, in UTC. Digits are the shortest that
 * round-trip (Java 19+'s algorithm; older JVMs print a longer form for a few doubles).
 */
import { formatDecimal } from '../types/decimal.ts';
import type { SqlType } from '../types/sql-type.ts';
import { formatDate, formatSqlTimestamp, formatTime } from '../types/temporal.ts';
import type { SqlDecimal, SqlValue } from '../types/values.ts';

/** Digits and decimal exponent of the shortest round-tripping form (`1.5e3` → 15, 3). */
function shortest(x: number, isFloat: boolean): { digits: string; exp: number } {
  let e = x.toExponential();
  if (isFloat) {
    for (let p = 0; p < 9; p++) {
      const s = x.toExponential(p);
      if (Math.fround(Number(s)) === x) {
        e = s;
        break;
      }
    }
  }
  const [mant, ex] = e.split('e') as [string, string];
  return { digits: mant.replace('-', '').replace('.', '').replace(/0+$/, '') || '0', exp: Number(ex) };
}

/** Java's `Double.toString` (or `Float.toString` when `isFloat`). */
export function javaNumberString(x: number, isFloat = false): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const { digits, exp } = shortest(abs, isFloat);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}E${exp}`;
}

/** CAST(v AS STRING) for a non-NULL value of `type` (primitive types only). */
export function castToString(v: SqlValue, type: SqlType): string {
  switch (type.kind) {
    case 'BOOLEAN':
      return v ? 'TRUE' : 'FALSE';
    case 'FLOAT':
      return javaNumberString(v as number, true);
    case 'DOUBLE':
      return javaNumberString(v as number);
    case 'DECIMAL':
      return formatDecimal(v as SqlDecimal);
    case 'DATE':
      return formatDate(v as number);
    case 'TIME':
      return formatTime(v as number, 0);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return formatSqlTimestamp(v as number, type.precision);
    case 'CHAR':
    case 'VARCHAR':
      return v as string;
    default:
      return String(v);
  }
}

/** Code points of `s` (a string's characters as Flink counts them). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** A string fitted to CHAR(n) (truncated, padded with spaces) or VARCHAR(n) (truncated). */
export function fitString(s: string, type: SqlType): string {
  if (type.kind !== 'CHAR' && type.kind !== 'VARCHAR') return s;
  const n = type.length;
  if (s.length <= n && type.kind === 'VARCHAR') return s;
  const cps = codePoints(s);
  const cut = cps.length > n ? cps.slice(0, n).join('') : s;
  return type.kind === 'CHAR' && cps.length < n ? cut + ' '.repeat(n - cps.length) : cut;
}

/**
 * Strings to numbers and booleans as CAST does in Flink 1.20 (`BinaryStringDataUtil`):
 * integers take an optional sign and digits, a fraction after `.` is allowed and dropped
 * (`'1.9'` → 1), nothing else — no blanks (`' 1'` fails) — and a value out of range fails
 * (`Overflow.`); FLOAT/DOUBLE use Java's `Double.parseDouble` (blanks around allowed, `NaN`,
 * `Infinity`, an `f`/`d` suffix); DECIMAL takes blanks around, a sign, digits, a point and an
 * exponent, rounds HALF_UP to the scale and fails when the integer digits do not fit; BOOLEAN
 * takes `t true y yes 1` / `f false n no 0` in any case. Failures throw `SqlRuntimeError` with
 * Flink's `NumberFormatException` text (`For input string: 'abc'. Invalid character found.`).
 */
import { fitDecimal, parseDecimalText } from '../types/decimal.ts';
import type { SqlDecimal } from '../types/values.ts';
import { SqlRuntimeError } from '../runtime-error.ts';

function fail(s: string, reason: string): never {
  throw new SqlRuntimeError(`For input string: '${s}'. ${reason}`.trim(), 'CAST');
}

const RANGES = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** Flink's `toByte/toShort/toInt/toLong`. */
export function parseIntegral(s: string, kind: 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT'): number | bigint {
  if (s.length === 0) fail(s, 'Input is empty.');
  let i = 0;
  const negative = s[0] === '-';
  if (negative || s[0] === '+') {
    i++;
    if (s.length === 1) fail(s, 'Input has only positive or negative symbol.');
  }
  let digits = '';
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.') break;
    if (c < '0' || c > '9') fail(s, 'Invalid character found.');
    digits += c;
  }
  for (i++; i < s.length; i++) {
    const c = s[i]!;
    if (c < '0' || c > '9') fail(s, 'Invalid character found.');
  }
  let v = BigInt(digits === '' ? '0' : digits);
  if (negative) v = -v;
  const wide = kind === 'BIGINT' ? RANGES.BIGINT : RANGES.INT;
  if (v < wide[0] || v > wide[1]) fail(s, 'Overflow.');
  const [lo, hi] = RANGES[kind];
  if (v < lo || v > hi) fail(s, 'Overflow.');
  return kind === 'BIGINT' ? v : Number(v);
}

/** Java trims characters up to U+0020 around a number. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

/** Java's `Double.parseDouble` (hexadecimal forms not accepted). */
export function parseJavaDouble(s: string): number {
  const trimmed = javaTrim(s);
  if (!JAVA_DOUBLE.test(trimmed)) throw new SqlRuntimeError(`For input string: '${s}'.`, 'CAST');
  const t = trimmed.replace(/[fFdD]$/, '');
  return Number(t);
}

/** Flink's `toDecimal(str, precision, scale)`. */
export function parseDecimalValue(s: string, precision: number, scale: number): SqlDecimal {
  const trimmed = s.replace(/^[ \n\t]+|[ \n\t]+$/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) fail(s, '');
  const v = parseDecimalText(trimmed);
  if (v === null) fail(s, '');
  const fitted = fitDecimal(v, precision, scale);
  if (fitted === null) fail(s, 'Overflow.');
  return fitted;
}

const TRUE = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE = new Set(['f', 'false', 'n', 'no', '0']);

/** Flink's `toBoolean`. */
export function parseBooleanValue(s: string): boolean {
  const l = s.toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  throw new SqlRuntimeError(`Cannot parse '${s}' as BOOLEAN.`, 'CAST');
}

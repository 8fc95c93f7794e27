/**
 * The string functions, with Flink's run-time rules (`BinaryStringDataUtil`, `SqlFunctionUtils`)
 * on characters counted as code points:
 * - SUBSTRING(s, pos[, len]) (`substringSQL`): pos > 0 counts from 1, pos < 0 from the end,
 *   pos = 0 is the start (so `SUBSTRING('hello', 0, 2)` is `he`); len < 0 gives NULL; beyond the
 *   string gives ''.
 * - TRIM removes any of the given characters (a space by default) from the chosen ends.
 * - REPLACE replaces every occurrence literally; CONCAT is NULL if an argument is; CONCAT_WS
 *   skips NULL arguments and is NULL only for a NULL separator.
 * - REGEXP_EXTRACT(s, regex[, group = 0]) gives the group of the first match, NULL without a
 *   match, for a bad regex or group; REGEXP_REPLACE replaces every match literally, NULL on a
 *   bad regex.
 * - SPLIT_INDEX(s, sep, i) splits on the whole separator keeping empty parts
 *   (`splitByWholeSeparatorPreserveAllTokens`) and is NULL for i < 0 or past the end.
 * - POSITION(a IN b) is 1-based, 0 when absent; LEFT/RIGHT with n ≤ 0 give ''; LPAD/RPAD give
 *   NULL for a negative length or an empty pad.
 */
import type { SqlValue } from '../types/values.ts';
import { javaRegExp } from './java-regex.ts';
import { LIKE_OPS } from './like.ts';
import { strict, type OpCompiler } from './op-types.ts';
import { codePoints } from './to-string.ts';

const hasSurrogates = (s: string) => /[\ud800-\udfff]/.test(s);
const n = (v: SqlValue) => Number(v);

/** Flink's `substringSQL` on code points. */
export function substringSql(s: string, pos: number, length = Number.MAX_SAFE_INTEGER): string | null {
  if (length < 0) return null;
  if (s === '') return '';
  const chars = hasSurrogates(s) ? codePoints(s) : null;
  const count = chars?.length ?? s.length;
  let start: number;
  if (pos > 0) {
    start = pos - 1;
    if (start >= count) return '';
  } else if (pos < 0) {
    start = count + pos;
    if (start < 0) return '';
  } else start = 0;
  const end = count - start < length ? count : start + length;
  return chars === null ? s.slice(start, end) : chars.slice(start, end).join('');
}

function trim(mode: string, chars: string, s: string): string {
  const set = new Set(codePoints(chars));
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (mode !== 'TRAILING') while (a < b && set.has(cps[a]!)) a++;
  if (mode !== 'LEADING') while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

function splitIndex(s: string, sep: string, index: number): string | null {
  if (index < 0 || s === '') return null;
  const parts = sep === '' ? s.split(/\s/) : s.split(sep);
  return index < parts.length ? parts[index]! : null;
}

function regexpExtract(s: string, pattern: string, group: number): string | null {
  const re = javaRegExp(pattern);
  if (re === null) return null;
  const m = re.exec(s);
  if (m === null || group < 0 || group >= m.length) return null;
  return m[group] ?? null;
}

function pad(left: boolean, base: string, len: number, padding: string): string | null {
  if (len < 0 || padding === '') return null;
  if (len === 0) return '';
  const data: string[] = new Array(len);
  if (left) {
    const pos = Math.max(len - base.length, 0);
    for (let i = 0; i < pos; i += padding.length) for (let j = 0; j < padding.length && j < pos - i; j++) data[i + j] = padding[j]!;
    for (let i = 0; pos + i < len && i < base.length; i++) data[pos + i] = base[i]!;
  } else {
    let pos = 0;
    for (; pos < base.length && pos < len; pos++) data[pos] = base[pos]!;
    while (pos < len) {
      for (let i = 0; i < padding.length && i < len - pos; i++) data[pos + i] = padding[i]!;
      pos += padding.length;
    }
  }
  return data.join('');
}

function position(needle: string, s: string): number {
  const i = s.indexOf(needle);
  return i < 0 ? 0 : codePoints(s.slice(0, i)).length + 1;
}

const concatWs: OpCompiler = (_rex, [sep, ...rest]) => (row) => {
  const sv = sep!(row);
  if (sv === null) return null;
  const parts: string[] = [];
  for (const a of rest) {
    const v = a(row);
    if (v !== null) parts.push(v as string);
  }
  return parts.join(sv as string);
};

/** The string functions by name. */
export const STRING_OPS: Record<string, OpCompiler> = {
  ...LIKE_OPS,
  UPPER: (_r, a) => strict(a, (s) => (s as string).toUpperCase()),
  LOWER: (_r, a) => strict(a, (s) => (s as string).toLowerCase()),
  CHAR_LENGTH: (_r, a) => strict(a, (s) => (hasSurrogates(s as string) ? codePoints(s as string).length : (s as string).length)),
  SUBSTRING: (_r, a) => strict(a, (s, pos, len) => substringSql(s as string, n(pos), len === undefined ? undefined : n(len))),
  '||': (_r, a) => strict(a, (x, y) => (x as string) + (y as string)),
  CONCAT: (_r, a) => strict(a, (...xs) => xs.join('')),
  CONCAT_WS: concatWs,
  TRIM: (_r, a) => strict(a, (mode, chars, s) => trim(mode as string, chars as string, s as string)),
  REPLACE: (_r, a) => strict(a, (s, from, to) => (s as string).replaceAll(from as string, () => to as string)),
  REGEXP_EXTRACT: (_r, a) => strict(a, (s, p, g) => regexpExtract(s as string, p as string, g === undefined ? 0 : n(g))),
  REGEXP_REPLACE: (_r, a) =>
    strict(a, (s, p, rep) => {
      const re = javaRegExp(p as string, true);
      return re === null ? null : (s as string).replace(re, () => rep as string);
    }),
  SPLIT_INDEX: (_r, a) => strict(a, (s, sep, i) => splitIndex(s as string, sep as string, n(i))),
  POSITION: (_r, a) => strict(a, (needle, s) => position(needle as string, s as string)),
  LEFT: (_r, a) => strict(a, (s, k) => (n(k) <= 0 ? '' : substringSql(s as string, 1, n(k)))),
  RIGHT: (_r, a) => strict(a, (s, k) => (n(k) <= 0 ? '' : n(k) >= codePoints(s as string).length ? s : substringSql(s as string, -n(k)))),
  LPAD: (_r, a) => strict(a, (s, len, p) => pad(true, s as string, n(len), p as string)),
  RPAD: (_r, a) => strict(a, (s, len, p) => pad(false, s as string, n(len), p as string)),
};

/**
 * Decoding of literal and identifier tokens as Flink's parser (Calcite with Flink's lexical
 * policy) reads them: strings in single quotes with `''` for a quote, identifiers plain or in
 * backquotes with ``` `` ``` for a backquote, and interval literals `INTERVAL '…' unit [TO unit]`
 * checked against Calcite's default leading-field precision of 2 digits.
 */

const MS = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;

/**
 * Stands in for a backslash inside quotes while dt-sql-parser's lexer runs: its lexer reads
 * `\'` as an escaped quote, Flink's does not (`'C:\'` is a complete string in Flink SQL).
 */
export const BACKSLASH_MARK = '\uE000';

/**
 * The query with every backslash inside '…' and `…` replaced by `BACKSLASH_MARK` (same length,
 * so positions do not move); unchanged if the query already holds the mark.
 */
export function maskBackslashes(text: string): string {
  if (text.includes(BACKSLASH_MARK) || !text.includes('\\')) return text;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      out += c === '\\' ? BACKSLASH_MARK : c;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop - 1;
    } else {
      if (c === "'" || c === '`') quote = c;
      out += c;
    }
  }
  return out;
}

/** Undoes `maskBackslashes` in a piece of the masked text. */
export function unmask(text: string): string {
  return text.includes(BACKSLASH_MARK) ? text.replaceAll(BACKSLASH_MARK, '\\') : text;
}

/** The content of a `'…'` string literal. */
export function unquoteString(text: string): string {
  return unmask(text.slice(1, -1).replace(/''/g, "'"));
}

/** The name an identifier token stands for, or an error for `"…"` (Flink quotes names with backquotes). */
export function identifierName(text: string): { ok: true; name: string } | { ok: false; message: string } {
  if (text.startsWith('`')) return { ok: true, name: unmask(text.slice(1, -1).replace(/``/g, '`')) };
  if (text.startsWith('"')) {
    return { ok: false, message: `Flink SQL quotes identifiers with backquotes (\`name\`) and strings with single quotes ('text'), not ${text}.` };
  }
  return { ok: true, name: text };
}

/** Singular form of an interval unit keyword (`MINUTES` → `MINUTE`). */
export function singularUnit(unit: string): string {
  const u = unit.toUpperCase();
  return u.endsWith('S') && u !== 'MILLIS' ? u.slice(0, -1) : u;
}

type IntervalResult = { ok: true; value: number; yearMonth: boolean } | { ok: false; message: string };

const RANGES: Record<string, { pattern: RegExp; units: readonly (keyof typeof MS)[] }> = {
  'DAY TO HOUR': { pattern: /^(\d+) (\d+)$/, units: ['DAY', 'HOUR'] },
  'DAY TO MINUTE': { pattern: /^(\d+) (\d+):(\d+)$/, units: ['DAY', 'HOUR', 'MINUTE'] },
  'DAY TO SECOND': { pattern: /^(\d+) (\d+):(\d+):(\d+(?:\.\d+)?)$/, units: ['DAY', 'HOUR', 'MINUTE', 'SECOND'] },
  'HOUR TO MINUTE': { pattern: /^(\d+):(\d+)$/, units: ['HOUR', 'MINUTE'] },
  'HOUR TO SECOND': { pattern: /^(\d+):(\d+):(\d+(?:\.\d+)?)$/, units: ['HOUR', 'MINUTE', 'SECOND'] },
  'MINUTE TO SECOND': { pattern: /^(\d+):(\d+(?:\.\d+)?)$/, units: ['MINUTE', 'SECOND'] },
};

const LIMITS: Record<string, number> = { HOUR: 23, MINUTE: 59, SECOND: 59 };

function leadingTooLong(digits: string, unit: string): string | undefined {
  const intPart = digits.split('.')[0]!.replace(/^0+(?=\d)/, '');
  return intPart.length > 2 ? `Interval field value ${intPart} exceeds precision of ${unit}(2) field.` : undefined;
}

/**
 * Value of `INTERVAL '<text>' <from> [TO <to>]`: milliseconds for day-time intervals, months for
 * year-month ones. Follows Calcite: an optional sign, the leading field at most 2 digits
 * (`INTERVAL '100' MINUTE` is refused as in Flink), later fields within their range, fractional
 * seconds only on SECOND.
 */
export function parseIntervalLiteral(text: string, fromUnit: string, toUnit?: string): IntervalResult {
  const from = singularUnit(fromUnit);
  const to = toUnit === undefined ? undefined : singularUnit(toUnit);
  let body = text.trim();
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body.startsWith('-')) sign = -1;
    body = body.slice(1).trim();
  }
  const bad = (): IntervalResult => ({
    ok: false,
    message: `Illegal interval literal format '${text}' for INTERVAL ${from}${to === undefined ? '' : ` TO ${to}`}.`,
  });
  if (to === undefined) {
    if (from === 'YEAR' || from === 'MONTH') {
      if (!/^\d+$/.test(body)) return bad();
      const tooLong = leadingTooLong(body, from);
      if (tooLong !== undefined) return { ok: false, message: tooLong };
      return { ok: true, value: sign * Number(body) * (from === 'YEAR' ? 12 : 1), yearMonth: true };
    }
    if (!(from in MS)) return { ok: false, message: `INTERVAL ${fromUnit} is not a SQL interval unit; use YEAR, MONTH, DAY, HOUR, MINUTE or SECOND.` };
    const pattern = from === 'SECOND' ? /^\d+(\.\d+)?$/ : /^\d+$/;
    if (!pattern.test(body)) return bad();
    const tooLong = leadingTooLong(body, from);
    if (tooLong !== undefined) return { ok: false, message: tooLong };
    return { ok: true, value: sign * Math.round(Number(body) * MS[from as keyof typeof MS]), yearMonth: false };
  }
  if (from === 'YEAR' && to === 'MONTH') {
    const m = /^(\d+)-(\d+)$/.exec(body);
    if (m === null) return bad();
    const tooLong = leadingTooLong(m[1]!, 'YEAR');
    if (tooLong !== undefined) return { ok: false, message: tooLong };
    if (Number(m[2]) > 11) return bad();
    return { ok: true, value: sign * (Number(m[1]) * 12 + Number(m[2])), yearMonth: true };
  }
  const range = RANGES[`${from} TO ${to}`];
  if (range === undefined) return { ok: false, message: `INTERVAL ${from} TO ${to} is not a valid interval qualifier.` };
  const m = range.pattern.exec(body);
  if (m === null) return bad();
  let total = 0;
  for (let i = 0; i < range.units.length; i++) {
    const unit = range.units[i]!;
    const v = Number(m[i + 1]);
    if (i === 0) {
      const tooLong = leadingTooLong(m[1]!, unit);
      if (tooLong !== undefined) return { ok: false, message: tooLong };
    } else if (v > (LIMITS[unit] ?? Infinity)) return bad();
    total += v * MS[unit];
  }
  return { ok: true, value: sign * Math.round(total), yearMonth: false };
}

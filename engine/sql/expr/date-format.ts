/**
 * Date-time patterns for DATE_FORMAT and TO_TIMESTAMP. Flink formats a TIMESTAMP with Java's
 * `DateTimeFormatter.ofPattern` and a string input with `SimpleDateFormat`; both share the
 * letters supported here, in English: `G` era, `y`/`u` year (`yy` two digits), `M`/`L` month
 * (`M`, `MM`, `MMM` Jan, `MMMM` January), `d` day, `D` day of year, `Q` quarter, `E` weekday
 * (`EEE` Mon, `EEEE` Monday), `a` AM/PM, `H` 0–23, `k` 1–24, `K` 0–11, `h` 1–12, `m`, `s`,
 * `S` fraction (`SSS` milliseconds; SimpleDateFormat reads `S` as the millisecond number),
 * `'text'` and `''` for a quote. Letters whose meaning depends on a locale or zone (`w`, `W`,
 * `Y`, `e`, `c`, `z`, `Z`, `X`, `x`, `O`, `V`) are refused with the letter named, as Java's
 * unknown-letter error (a zone cannot apply to a TIMESTAMP anyway).
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import { MS_PER_DAY, civilFromDays, daysFromCivil, floorDiv, floorMod, lastDayOfMonth } from '../types/temporal.ts';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUPPORTED = new Set('GyuMLdDQqEaHkKhmsS'.split(''));
const cache = new Map<string, Token[]>();

/**
 * Splits a pattern into fields and literal text.
 * @throws SqlRuntimeError `Unknown pattern letter: w` (or an unclosed quote).
 */
export function tokenizePattern(pattern: string): Token[] {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new SqlRuntimeError(`Pattern ends with an incomplete string literal: ${pattern}`, 'DATE_FORMAT');
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else text += pattern[j++];
      }
      out.push({ kind: 'literal', text });
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED.has(c)) throw new SqlRuntimeError(`Unknown pattern letter: ${c} (in '${pattern}'; locale- and zone-dependent letters are not supported)`, 'DATE_FORMAT');
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else {
      out.push({ kind: 'literal', text: c });
      i++;
    }
  }
  if (cache.size > 200) cache.clear();
  cache.set(pattern, out);
  return out;
}

function pad(v: number, width: number): string {
  const s = String(Math.abs(v));
  return (v < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/**
 * Formats a wall-clock time (epoch ms read as UTC) with a pattern. `legacy` selects
 * SimpleDateFormat's meaning of `S` (milliseconds as a number) over DateTimeFormatter's (fraction).
 */
export function formatWithPattern(epochMs: number, pattern: string, legacy = false): string {
  const days = floorDiv(epochMs, MS_PER_DAY);
  const msOfDay = epochMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(msOfDay / 3_600_000);
  const minute = Math.floor(msOfDay / 60_000) % 60;
  const second = Math.floor(msOfDay / 1000) % 60;
  const milli = msOfDay % 1000;
  const dow = floorMod(days + 4, 7);
  let out = '';
  for (const t of tokenizePattern(pattern)) {
    if (t.kind === 'literal') {
      out += t.text;
      continue;
    }
    const c = t.count;
    switch (t.letter) {
      case 'G':
        out += c === 4 ? (year > 0 ? 'Anno Domini' : 'Before Christ') : year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'u':
        out += c === 2 ? pad(floorMod(year, 100), 2) : pad(year, c);
        break;
      case 'M':
      case 'L':
        out += c >= 4 ? MONTHS[month - 1]! : c === 3 ? MONTHS[month - 1]!.slice(0, 3) : pad(month, c);
        break;
      case 'd':
        out += pad(day, c);
        break;
      case 'D':
        out += pad(days - daysFromCivil(year, 1, 1) + 1, c);
        break;
      case 'Q':
      case 'q':
        out += pad(Math.floor((month - 1) / 3) + 1, c);
        break;
      case 'E':
        out += c >= 4 ? DAYS[dow]! : DAYS[dow]!.slice(0, 3);
        break;
      case 'a':
        out += hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(hour, c);
        break;
      case 'k':
        out += pad(hour === 0 ? 24 : hour, c);
        break;
      case 'K':
        out += pad(hour % 12, c);
        break;
      case 'h':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, c);
        break;
      case 'm':
        out += pad(minute, c);
        break;
      case 's':
        out += pad(second, c);
        break;
      case 'S':
        out += legacy ? pad(milli, c) : (pad(milli, 3) + '0'.repeat(Math.max(0, c - 3))).slice(0, c);
        break;
    }
  }
  return out;
}

/**
 * Parses `text` with a pattern into epoch ms (a wall-clock time read as UTC), fields missing
 * from the pattern defaulting to 1970-01-01 00:00:00.000 (Flink's `fromTemporalAccessor`).
 * Null when the text does not match or names a date that does not exist.
 */
export function parseWithPattern(text: string, pattern: string): number | null {
  let pos = 0;
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let milli = 0;
  let pm: boolean | undefined;
  const tokens = tokenizePattern(pattern);
  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti]!;
    if (t.kind === 'literal') {
      if (!text.startsWith(t.text, pos)) return null;
      pos += t.text.length;
      continue;
    }
    if (t.letter === 'a') {
      const ap = text.slice(pos, pos + 2).toUpperCase();
      if (ap !== 'AM' && ap !== 'PM') return null;
      pm = ap === 'PM';
      pos += 2;
      continue;
    }
    if ((t.letter === 'M' || t.letter === 'L') && t.count >= 3) {
      const idx = MONTHS.findIndex((m) => text.startsWith(t.count === 3 ? m.slice(0, 3) : m, pos));
      if (idx < 0) return null;
      month = idx + 1;
      pos += t.count === 3 ? 3 : MONTHS[idx]!.length;
      continue;
    }
    const next = tokens[ti + 1];
    const adjacent = next !== undefined && next.kind === 'field';
    const max = adjacent || t.count > 2 ? t.count : t.letter === 'y' || t.letter === 'u' ? 9 : t.letter === 'S' ? 9 : 2;
    const m = new RegExp(`^\\d{${t.letter === 'S' ? t.count : 1},${Math.max(max, t.count)}}`).exec(text.slice(pos));
    if (m === null) return null;
    const digits = m[0];
    pos += digits.length;
    const v = Number(digits);
    switch (t.letter) {
      case 'y':
      case 'u':
        year = t.count === 2 ? 2000 + v : v;
        break;
      case 'M':
      case 'L':
        month = v;
        break;
      case 'd':
        day = v;
        break;
      case 'H':
      case 'k':
        hour = t.letter === 'k' && v === 24 ? 0 : v;
        break;
      case 'h':
      case 'K':
        hour = v % 12;
        break;
      case 'm':
        minute = v;
        break;
      case 's':
        second = v;
        break;
      case 'S':
        milli = Number((digits + '00').slice(0, 3));
        break;
      default:
        return null;
    }
  }
  if (pos !== text.length) return null;
  if (pm === true) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

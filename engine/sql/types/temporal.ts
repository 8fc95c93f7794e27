/**
 * Calendar arithmetic for DATE (days since 1970-01-01), TIME (ms of day) and TIMESTAMP (epoch
 * ms) values in the proleptic Gregorian calendar, UTC (the session time zone of a sql node),
 * and the string forms Flink parses and prints: `yyyy-MM-dd`, `HH:mm:ss[.fff]`,
 * `yyyy-MM-dd HH:mm:ss[.fff]` (Flink's `DateTimeUtils.parseDate/parseTime/parseTimestampData`).
 */

/** Milliseconds per day (Flink's `DateTimeUtils.MILLIS_PER_DAY`). */
export const MS_PER_DAY = 86_400_000;

/** Floor division for integers held in numbers. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Floor modulus (sign of the divisor), as Java's `Math.floorMod`. */
export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

/** Days since the epoch of a civil date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** True in a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return y % 400 === 0 || (y % 4 === 0 && y % 100 !== 0);
}

/** Days in a month. */
export function lastDayOfMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** `yyyy-MM-dd`. */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `HH:mm:ss` plus `.fff` when `precision > 0` (milliseconds, trailing digits to the precision). */
export function formatTime(msOfDay: number, precision: number): string {
  const t = floorMod(msOfDay, MS_PER_DAY);
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const base = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  if (precision <= 0) return base;
  const frac = pad(t % 1000, 3) + '0'.repeat(Math.max(0, precision - 3));
  return `${base}.${frac.slice(0, precision)}`;
}

/** ISO-8601 UTC with milliseconds and `Z`: `2001-01-01T06:00:00.000Z` (years 0–9999). */
export function formatIsoTimestamp(epochMs: number): string {
  const days = floorDiv(epochMs, MS_PER_DAY);
  return `${formatDate(days)}T${formatTime(epochMs - days * MS_PER_DAY, 3)}Z`;
}

/** `yyyy-MM-dd HH:mm:ss[.fff]` as Flink prints a TIMESTAMP(p) cast to STRING (p digits of fraction). */
export function formatSqlTimestamp(epochMs: number, precision: number): string {
  const days = floorDiv(epochMs, MS_PER_DAY);
  return `${formatDate(days)} ${formatTime(epochMs - days * MS_PER_DAY, precision)}`;
}

const DATE_RE = /^\s*(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/;

/**
 * Flink's `DateTimeUtils.parseDate`: `y[-M[-d]]`, anything after a space ignored, the date must
 * exist and the year be within 0–9999. Null when it does not parse.
 */
export function parseDate(text: string): number | null {
  const space = text.indexOf(' ');
  const m = DATE_RE.exec(space > 0 ? text.slice(0, space) : text);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

const TIME_RE = /^\s*(\d+)\s*(?::\s*(\d+)\s*(?::\s*(\d+)\s*(?:\.(\d*))?)?)?\s*$/;

/** Milliseconds of a fraction's digits, rounded at the 4th digit as Flink's `parseFraction`. */
function fractionMillis(digits: string): number {
  let ms = Number((digits + '000').slice(0, 3));
  if (digits.length > 3 && digits.charCodeAt(3) >= 53) ms += 1;
  return ms;
}

/** Flink's `DateTimeUtils.parseTime` for `H[:m[:s[.fff]]]`; null when it does not parse. */
export function parseTime(text: string): number | null {
  const m = TIME_RE.exec(text);
  if (m === null) return null;
  const h = Number(m[1]);
  const mi = m[2] === undefined ? 0 : Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  const ms = m[4] === undefined ? 0 : fractionMillis(m[4]);
  return h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

const TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?$/;

/**
 * Flink's default timestamp format (`DateTimeUtils.DEFAULT_TIMESTAMP_FORMATTER`):
 * `yyyy-M[M]-d[d][ H[H]:m[m]:s[s][.fffffffff]]` (no `T`, no zone). The fraction is truncated
 * to milliseconds. Null when it does not parse or the date or
 * time does not exist.
 */
export function parseTimestamp(text: string): number | null {
  const m = TS_RE.exec(text.trim());
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo)) return null;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

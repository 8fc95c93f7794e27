/**
 * Temporal functions with Flink's run-time rules (`DateTimeUtils`), the session time zone UTC:
 * - EXTRACT (`convertExtract`): date fields from the day of the timestamp (Java's truncating
 *   division, as Flink), HOUR/MINUTE/SECOND from the remainder, MILLISECOND the milliseconds
 *   within the second, DOW 1 = Sunday, WEEK the ISO-8601 week, EPOCH seconds;
 * - FLOOR/CEIL(t TO unit) (`timestampFloor/Ceil`, `julianDateFloor`): sub-day units by arithmetic;
 *   WEEK starts on Sunday; for WEEK and longer, CEIL looks at the date only, as Flink does;
 * - TIMESTAMPADD(unit, n, t) is `t + n units`, months by `addMonths`;
 * - TIMESTAMPDIFF(unit, t1, t2) is the whole units from t1 to t2, truncated toward zero, months
 *   by `subtractMonths`, as INT;
 * - DATE_FORMAT, TO_TIMESTAMP, TO_DATE and TO_TIMESTAMP_LTZ as `date-format.ts` and the file
 *   headers of the typing rules describe; a string that does not parse gives NULL.
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import { MS_PER_DAY, civilFromDays, daysFromCivil, floorMod, parseDate, parseTimestamp } from '../types/temporal.ts';
import type { SqlValue } from '../types/values.ts';
import { addMonthsToDate, addMonthsToTimestamp, subtractMonthsOfTimestamps } from './calendar.ts';
import { formatWithPattern, parseWithPattern, tokenizePattern } from './date-format.ts';
import { narrow, toDouble, toLong } from './numeric.ts';
import { literalOperand, strict, type OpCompiler } from './op-types.ts';

const UNIT_MS: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: MS_PER_DAY, WEEK: 7 * MS_PER_DAY };
const UNIT_MONTHS: Record<string, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

function isoWeek(days: number): number {
  const dow = floorMod(days + 3, 7) + 1; // Monday = 1
  const thursday = days + (4 - dow);
  const { year } = civilFromDays(thursday);
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

/** EXTRACT of a date field from a day number. */
export function extractFromDate(unit: string, days: number): number {
  const { year, month, day } = civilFromDays(days);
  switch (unit) {
    case 'YEAR':
      return year;
    case 'MONTH':
      return month;
    case 'DAY':
      return day;
    case 'QUARTER':
      return Math.floor((month + 2) / 3);
    case 'DOW':
      return floorMod(days + 4, 7) + 1;
    case 'DOY':
      return days - daysFromCivil(year, 1, 1) + 1;
    case 'WEEK':
      return isoWeek(days);
    case 'DECADE':
      return Math.trunc(year / 10);
    case 'CENTURY':
      return year > 0 ? Math.trunc((year + 99) / 100) : Math.trunc((year - 99) / 100);
    case 'MILLENNIUM':
      return year > 0 ? Math.trunc((year + 999) / 1000) : Math.trunc((year - 999) / 1000);
    case 'EPOCH':
      return days * 86400;
    default:
      throw new SqlRuntimeError(`Cannot extract ${unit} from a DATE.`, 'EXTRACT');
  }
}

/** EXTRACT(unit FROM value) for a DATE (days), TIME (ms of day) or timestamp (epoch ms). */
export function extractField(unit: string, v: number, kind: string): number {
  if (kind === 'DATE') return extractFromDate(unit, v);
  const sub: Record<string, [number, number]> = { HOUR: [MS_PER_DAY, 3_600_000], MINUTE: [3_600_000, 60_000], SECOND: [60_000, 1000], MILLISECOND: [1000, 1] };
  const s = sub[unit];
  if (s !== undefined) return Math.trunc((v % s[0]) / s[1]);
  if (unit === 'EPOCH') return Math.trunc(v / 1000);
  return extractFromDate(unit, Math.trunc(v / MS_PER_DAY));
}

function julianFloor(unit: string, days: number, floor: boolean): number {
  const { year, month, day } = civilFromDays(days);
  const quarter = Math.floor((month + 2) / 3);
  switch (unit) {
    case 'YEAR':
      return daysFromCivil(!floor && (month > 1 || day > 1) ? year + 1 : year, 1, 1);
    case 'MONTH': {
      const m = !floor && day > 1 ? month + 1 : month;
      return daysFromCivil(m > 12 ? year + 1 : year, m > 12 ? 1 : m, 1);
    }
    case 'QUARTER': {
      const q = !floor && (month > 1 || day > 1) ? quarter + 1 : quarter;
      return daysFromCivil(q > 4 ? year + 1 : year, q > 4 ? 1 : q * 3 - 2, 1);
    }
    case 'WEEK': {
      let offset = floorMod(days + 4, 7);
      if (!floor && offset > 0) offset -= 7;
      return days - offset;
    }
    default:
      return floor ? days : days + 1;
  }
}

/** FLOOR (or CEIL) of a timestamp (epoch ms) or DATE (days) to a unit. */
export function floorTemporal(unit: string, v: number, isDate: boolean, floor: boolean): number {
  if (isDate) return julianFloor(unit, v, floor);
  const u = UNIT_MS[unit];
  if (u !== undefined && unit !== 'WEEK') {
    const r = v % u;
    if (floor) return r < 0 ? v - r - u : v - r;
    return r > 0 ? v - r + u : v - r;
  }
  return julianFloor(unit, Math.trunc(v / MS_PER_DAY), floor) * MS_PER_DAY;
}

const extract: OpCompiler = (rex, args) => {
  const kind = rex.operands[1]!.type.kind;
  return strict(args, (unit, v) => BigInt(extractField(unit as string, v as number, kind)));
};

/** FLOOR/CEIL(t TO unit). */
export function floorCeilTemporalOp(floor: boolean): OpCompiler {
  return (rex, args) => {
    const isDate = rex.operands[0]!.type.kind === 'DATE';
    return strict(args, (v, unit) => floorTemporal(unit as string, v as number, isDate, floor));
  };
}

const timestampAdd: OpCompiler = (rex, args) => {
  const isDate = rex.operands[2]!.type.kind === 'DATE';
  const nType = rex.operands[1]!.type;
  return strict(args, (unit, nv, t) => {
    const u = unit as string;
    const count = Number(toLong(nv, nType));
    const months = UNIT_MONTHS[u];
    if (months !== undefined) return isDate ? addMonthsToDate(t as number, count * months) : addMonthsToTimestamp(t as number, count * months);
    const ms = count * UNIT_MS[u]!;
    return isDate ? (t as number) + Math.trunc(ms / MS_PER_DAY) : (t as number) + ms;
  });
};

const timestampDiff: OpCompiler = (rex, args) => {
  const toMs = (i: number) => (rex.operands[i]!.type.kind === 'DATE' ? (v: SqlValue) => (v as number) * MS_PER_DAY : (v: SqlValue) => v as number);
  const a = toMs(1);
  const b = toMs(2);
  return strict(args, (unit, x, y) => {
    const u = unit as string;
    const months = UNIT_MONTHS[u];
    const diff = months !== undefined ? Math.trunc(subtractMonthsOfTimestamps(b(y), a(x)) / months) : Math.trunc((b(y) - a(x)) / UNIT_MS[u]!);
    return narrow('INT', BigInt(diff));
  });
};

/** `yyyy-MM-dd HH:mm:ss` at the start of `s` (SimpleDateFormat ignores what follows), or null. */
function parseInputTimestamp(s: string): number | null {
  const m = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(s);
  if (m === null) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + se * 1000;
}

function checkPattern(rex: Parameters<OpCompiler>[0], i: number): void {
  const lit = literalOperand(rex, i);
  if (lit !== undefined && typeof lit.value === 'string') tokenizePattern(lit.value);
}

const dateFormat: OpCompiler = (rex, args) => {
  checkPattern(rex, 1);
  const kind = rex.operands[0]!.type.kind;
  if (kind === 'CHAR' || kind === 'VARCHAR') {
    return strict(args, (s, f) => {
      const ts = parseInputTimestamp(s as string);
      return ts === null ? null : formatWithPattern(ts, f as string, true);
    });
  }
  const toMs = kind === 'DATE' ? (v: SqlValue) => (v as number) * MS_PER_DAY : (v: SqlValue) => v as number;
  return strict(args, (t, f) => formatWithPattern(toMs(t), f as string, kind === 'DATE'));
};

const toTimestamp: OpCompiler = (rex, args) => {
  if (args.length === 1) return strict(args, (s) => parseTimestamp(s as string));
  checkPattern(rex, 1);
  return strict(args, (s, f) => parseWithPattern(s as string, f as string) ?? parseTimestamp((s as string).trim()));
};

const toDate: OpCompiler = (rex, args) => {
  if (args.length === 1) return strict(args, (s) => parseDate(s as string));
  checkPattern(rex, 1);
  return strict(args, (s, f) => {
    const ms = parseWithPattern(s as string, f as string);
    return ms === null ? null : Math.floor(ms / MS_PER_DAY);
  });
};

const MIN_MS = -62167219200000;
const MAX_MS = 253402300799999;

const toTimestampLtz: OpCompiler = (rex, args) => {
  const t = rex.operands[0]!.type;
  const precision = Number((rex.operands[1] as { value: number }).value);
  return strict(args.slice(0, 1), (v) => {
    const ms = precision === 0 ? (t.kind === 'FLOAT' || t.kind === 'DOUBLE' ? Math.trunc(toDouble(v, t) * 1000) : Number(toLong(v, t)) * 1000) : Number(toLong(v, t));
    return ms >= MIN_MS && ms <= MAX_MS ? ms : null;
  });
};

/** The temporal functions by name. */
export const TEMPORAL_OPS: Record<string, OpCompiler> = {
  EXTRACT: extract,
  TIMESTAMPADD: timestampAdd,
  TIMESTAMPDIFF: timestampDiff,
  DATE_FORMAT: dateFormat,
  TO_TIMESTAMP: toTimestamp,
  TO_DATE: toDate,
  TO_TIMESTAMP_LTZ: toTimestampLtz,
};

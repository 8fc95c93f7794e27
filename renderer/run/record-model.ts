/**
 * The Output panel's table model, pure: column types inferred from the retained records,
 * sorting by a column, search over a row's JSON and the display of timestamps. Event time in
 * Tributary is epoch milliseconds, UTC (as Flink's `TIMESTAMP_LTZ(3)` and `StreamRecord`
 * timestamps), so a number column is a timestamp when its name says so (`*time*`, `*_at`,
 * `ts`, `window_start`/`window_end`, `date`) and every value lies between 1973 and 2286 in epoch ms;
 * a string column is one when every value is an ISO-8601 date-time (`2001-01-01T06:00:00.000Z`).
 */

/** A column's type, from the values seen (null/undefined values are ignored). */
export type ColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'timestamp' | 'iso-time' | 'object' | 'array' | 'mixed' | 'null';

export interface Column {
  name: string;
  type: ColumnType;
}

const TIME_NAME = /time|_at$|^ts$|timestamp|^window_(start|end)$|^date$/i;
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Epoch ms bounds of a plausible timestamp: 1973-03-03 to 2286-11-20. */
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = 1e13;

function typeOf(v: unknown): ColumnType {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** The column's type over `values`: one type, `number` for integers mixed with fractions, else `mixed`. */
export function columnType(name: string, values: readonly unknown[]): ColumnType {
  let type: ColumnType = 'null';
  for (const v of values) {
    const t = typeOf(v);
    if (t === 'null' || t === type) continue;
    if (type === 'null') type = t;
    else if ((type === 'integer' && t === 'number') || (type === 'number' && t === 'integer')) type = 'number';
    else return 'mixed';
  }
  const present = values.filter((v) => v !== null && v !== undefined);
  if (type === 'integer' && TIME_NAME.test(name) && present.every((v) => (v as number) >= MIN_EPOCH_MS && (v as number) < MAX_EPOCH_MS)) return 'timestamp';
  if (type === 'string' && present.length > 0 && present.every((v) => ISO.test(v as string) && !Number.isNaN(Date.parse(v as string)))) return 'iso-time';
  return type;
}

/** The columns of `rows` in first-seen order, typed from their values. */
export function inferColumns(rows: readonly Record<string, unknown>[]): Column[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  return names.map((name) => ({ name, type: columnType(name, rows.map((r) => r[name])) }));
}

/** Where timestamps are shown: UTC (event time's own zone) or the machine's zone. */
export type TimeZoneChoice = 'UTC' | 'local';

/**
 * `2001-01-01 06:00:00.000` of epoch milliseconds, in UTC or in the local zone (the browser's,
 * with its daylight-saving rules for that instant).
 */
export function formatTimestamp(ms: number, zone: TimeZoneChoice = 'UTC'): string {
  const shift = zone === 'local' ? new Date(ms).getTimezoneOffset() * 60_000 : 0;
  return new Date(ms - shift).toISOString().replace('T', ' ').replace('Z', '');
}

function rank(v: unknown): number {
  return v === null || v === undefined ? 1 : 0;
}

/** Orders two cell values: numbers and booleans by value, strings by code point, others by their JSON; null/undefined last. */
export function compareValues(a: unknown, b: unknown): number {
  if (rank(a) || rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A row and its position in the retained records (the provenance selection refers to it). */
export interface IndexedRow {
  index: number;
  row: Record<string, unknown>;
}

export type SortDirection = 'asc' | 'desc';

/**
 * The rows matching `query` (case-insensitive, in the row's JSON), sorted by `sort` (stable;
 * null/undefined last in both directions) or in arrival order without one.
 */
export function viewRows(rows: readonly Record<string, unknown>[], query: string, sort?: { column: string; direction: SortDirection }): IndexedRow[] {
  const q = query.trim().toLowerCase();
  const indexed = rows.map((row, index) => ({ index, row }));
  const found = q ? indexed.filter((r) => JSON.stringify(r.row).toLowerCase().includes(q)) : indexed;
  if (!sort) return found;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...found].sort((a, b) => {
    const x = a.row[sort.column];
    const y = b.row[sort.column];
    if (rank(x) || rank(y)) return rank(x) - rank(y) || a.index - b.index;
    return sign * compareValues(x, y) || a.index - b.index;
  });
}

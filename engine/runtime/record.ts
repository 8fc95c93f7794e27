/**
 * Records, timestamps and watermarks as the runtime passes them: a record is a plain object
 * (`DataRecord`) with its event timestamp beside it, in epoch milliseconds, never inside it.
 */

/** A record: field name to JSON-like value. */
export type DataRecord = Record<string, unknown>;

/** Watermark before any has been emitted (Flink's `Long.MIN_VALUE`). */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;

/** The final watermark a bounded input emits at its end (Flink's `Long.MAX_VALUE`): fires everything. */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;

/** `2001-01-01T06:00:00.000Z` for finite times, `-∞`/`+∞` otherwise; for logs and tables. */
export function formatTime(ms: number): string {
  if (ms === MIN_WATERMARK) return '-∞';
  if (ms === MAX_WATERMARK) return '+∞';
  return new Date(ms).toISOString();
}

/** Watermarks in JSON: finite numbers, or `null` for -∞ and the string `"+inf"` for +∞. */
export function watermarkToJson(ms: number): number | null | '+inf' {
  if (ms === MAX_WATERMARK) return '+inf';
  return Number.isFinite(ms) ? ms : null;
}

/**
 * What became of the input record being processed, so the node counts it once as accepted,
 * filtered, late or errors however many operators it reaches inside the query (a self-join, a
 * HOP's several windows, both branches of a UNION ALL): errors win (its row goes to `errors`
 * once, with the first reason), then accepted (some operator took it or it reached the output),
 * then late (every window or join that saw it had passed it), else filtered (a WHERE dropped it).
 *
 * Outside an input record — timers firing windows, joins expiring rows — a failing expression or
 * a late row is not an input record: its row goes to `errors`/`late` without being counted.
 */
import type { OperatorContext } from '../../../runtime/operator-context.ts';
import type { DataRecord } from '../../../runtime/record.ts';
import { formatTime } from '../../../runtime/record.ts';
import { encodeValue, type SqlColumn, type SqlRow, type SqlRuntimeError } from '../../../sql/index.ts';

/** A SQL row as a record (column name → JSON value), for `errors` and `late` rows. */
export function rowRecord(row: SqlRow, fields: readonly SqlColumn[]): DataRecord {
  const out: DataRecord = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as SqlColumn;
    out[f.name] = row[i] === undefined ? null : encodeValue(f.type, row[i] ?? null);
  }
  return out;
}

const NONE = 0;
const ACCEPTED = 1;
const LATE = 2;

export class InputFate {
  private record: DataRecord | undefined;
  private timestamp = 0;
  private outcome = NONE;
  private error: SqlRuntimeError | undefined;

  constructor(private readonly ctx: OperatorContext) {}

  /** Starts processing input `record` (event time `timestamp`). */
  begin(record: DataRecord, timestamp: number): void {
    this.record = record;
    this.timestamp = timestamp;
    this.outcome = NONE;
    this.error = undefined;
  }

  /** An operator took the record (state, or the output). */
  accept(): void {
    this.outcome = ACCEPTED;
  }

  /**
   * A window or join dropped a row as late. During an input record: the record is late unless
   * something else took it. Outside one: `row` goes to `late` uncounted.
   */
  late(row: SqlRow, fields: readonly SqlColumn[], timestamp: number): void {
    if (this.record !== undefined) {
      if (this.outcome === NONE) this.outcome = LATE;
      return;
    }
    const watermark = this.ctx.currentWatermark();
    this.ctx.output('late').emit(
      { node: this.ctx.nodeId, late_by_ms: watermark - timestamp, event_time: formatTime(timestamp), watermark: formatTime(watermark), record: rowRecord(row, fields) },
      timestamp,
    );
  }

  /** An expression failed on `row` (see the file header for where it goes). */
  fail(error: SqlRuntimeError, row: SqlRow, fields: readonly SqlColumn[], timestamp: number): void {
    if (this.record !== undefined) {
      this.error ??= error;
      return;
    }
    this.ctx.error(error.message, { record: rowRecord(row, fields) }, timestamp, false);
  }

  /** Ends the input record: counts it and emits its `errors` or `late` row. */
  finish(): void {
    const record = this.record as DataRecord;
    this.record = undefined;
    const m = this.ctx.metrics;
    if (this.error !== undefined) this.ctx.error(this.error.message, { record }, this.timestamp);
    else if (this.outcome === ACCEPTED) m.accepted++;
    else if (this.outcome === LATE) this.ctx.late(record, this.timestamp);
    else m.filtered++;
  }

  /** Counts a record that could not even be read as a row (a value that does not fit its column). */
  unreadable(record: DataRecord, reason: string, timestamp: number): void {
    this.ctx.error(reason, { record }, timestamp);
  }
}

/**
 * Flink's `RowKind` on Tributary records: what change a record is in a changelog stream.
 * `+I` insert, `-U` update-before (the old row of an update), `+U` update-after (its new row),
 * `-D` delete. The kind rides on the record object under a symbol key, never as a field, so
 * JSON output, user code's `Object.keys` and schemas never see it, and an append-only stream —
 * where every record is `+I` — carries nothing: its hot path neither sets nor reads it
 * (absent means `+I`, as every record of Flink's append-only streams is `RowKind.INSERT`).
 * Object spread (`{ ...event, x }`) copies the kind; operators that build new rows copy it
 * with `copyKind`. Records kept in checkpoints lose the symbol, so code that keeps updating
 * rows in state stores the kind beside them (`rowKind`).
 */
import type { DataRecord } from '../record.ts';

/** Flink's `RowKind` short strings (`RowKind#shortString`). */
export type RowKind = '+I' | '-U' | '+U' | '-D';

/** The symbol key under which a record carries a kind other than `+I`. */
export const ROW_KIND: unique symbol = Symbol.for('tributary.rowKind');

interface WithKind {
  [ROW_KIND]?: RowKind;
}

/** The kind of `row`: `+I` unless it was set (Flink's `RowData#getRowKind`). */
export function rowKind(row: DataRecord): RowKind {
  return (row as WithKind)[ROW_KIND] ?? '+I';
}

/**
 * Sets the kind of `row` (in place) and returns it; `+I` leaves an append-only row untouched.
 * Flink's `RowData#setRowKind`.
 */
export function withKind<R extends DataRecord>(row: R, kind: RowKind): R {
  if (kind !== '+I' || (row as WithKind)[ROW_KIND] !== undefined) (row as WithKind)[ROW_KIND] = kind;
  return row;
}

/** Copies the kind of `from` to `to` (a row an operator built from it); no-op for `+I` rows. */
export function copyKind(from: DataRecord, to: DataRecord): void {
  const kind = (from as WithKind)[ROW_KIND];
  if (kind !== undefined) (to as WithKind)[ROW_KIND] = kind;
}

/** Whether the kind adds to a table (`+I`, `+U`: Flink's `RowDataUtil.isAccumulateMsg`). */
export function isAccumulate(kind: RowKind): boolean {
  return kind === '+I' || kind === '+U';
}

/** Debezium's `op` for a kind, as Flink's `debezium-json` writes it: `c` for +I/+U, `d` for -U/-D. */
export function debeziumOp(kind: RowKind): 'c' | 'd' {
  return isAccumulate(kind) ? 'c' : 'd';
}

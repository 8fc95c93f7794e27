/**
 * Reading an input record as a row of its table: the record's own fields, by the table's
 * column names, decoded to SQL values by their declared types (`decodeValue`: JSON numbers,
 * strings, ISO timestamps, …), and `rowtime` — the record's event time, which Tributary keeps
 * beside the record — at its position. Only the columns the query reads are decoded (the others
 * stay NULL, as a projection push-down would leave them out); a value that does not fit its
 * column's type throws `SqlRuntimeError` naming the column, and the record goes to `errors`.
 */
import { inheritable, own } from '../../../runtime/own-field.ts';
import type { DataRecord } from '../../../runtime/record.ts';
import { decodeValue, SqlRuntimeError, type SqlColumn, type SqlType, type SqlValue } from '../../../sql/index.ts';

export class TableReader {
  private readonly positions: number[] = [];
  private readonly names: string[] = [];
  private readonly types: SqlType[] = [];
  private readonly inherit: boolean[] = [];
  private readonly width: number;

  /**
   * @param fields the table's columns as the plan's source node has them (`rowtime` included)
   * @param rowtimeIndex position of `rowtime`
   * @param needed which positions the query reads
   */
  constructor(
    fields: readonly SqlColumn[],
    private readonly rowtimeIndex: number,
    needed: ReadonlySet<number>,
  ) {
    this.width = fields.length;
    fields.forEach((f, i) => {
      if (i === rowtimeIndex || !needed.has(i)) return;
      this.positions.push(i);
      this.names.push(f.name);
      this.types.push(f.type);
      this.inherit.push(inheritable(f.name));
    });
  }

  /** The row of `record` with event time `timestamp`. @throws SqlRuntimeError for a value that does not fit. */
  read(record: DataRecord, timestamp: number): SqlValue[] {
    const row = new Array<SqlValue>(this.width).fill(null);
    if (this.rowtimeIndex >= 0) row[this.rowtimeIndex] = timestamp;
    const names = this.names;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const value = own(record, name, record[name], this.inherit[i] as boolean);
      try {
        row[this.positions[i] as number] = decodeValue(this.types[i] as SqlType, value);
      } catch (e) {
        if (e instanceof SqlRuntimeError) throw new SqlRuntimeError(`column ${name}: ${e.reason}`);
        throw e;
      }
    }
    return row;
  }
}

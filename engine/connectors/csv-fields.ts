/**
 * Reading the fields of complete CSV records (`csv-records.ts` finds where records end) into
 * rows, with the header's column names and `csvCast`'s types. A record without any quote is
 * split at the delimiter here: for such a record that is all RFC 4180 asks. Records with quotes
 * go to csv-parse, one call per batch, which splits and unquotes their fields. Either way the
 * fields then become a row the same way (`RowBuilder`): the number of fields must match the
 * header, each value is cast for its column. csv-parse is called without `cast` and without
 * per-record info, which cost it more than everything else together (objects built per field).
 */
import { parse, type CastingContext, type CsvError } from 'csv-parse/sync';
import { CastFailure, type BadRecord, type ReadRecord } from './record-formats.ts';
import type { DataRecord } from '../runtime/record.ts';

type Result = ReadRecord | BadRecord;
type Cast = (value: string, context: CastingContext) => unknown;

/** Fields to rows: the count checked against the header, values cast per column. */
export class RowBuilder {
  /** One casting context per column, as csv-parse would pass it (`column` is what `csvCast` reads). */
  private readonly contexts: CastingContext[];
  /** A `__proto__` column must become an own field (as csv-parse's `defineProperty` makes it). */
  private readonly assignable: boolean;

  constructor(
    private readonly header: readonly string[],
    readonly delimiter: string,
    private readonly cast: Cast,
  ) {
    this.contexts = header.map((column, index) => ({ column, index, header: false, quoting: false }) as unknown as CastingContext);
    this.assignable = !header.includes('__proto__');
  }

  /** A record without any quote (`text` holds no `"`). */
  plain(text: string, line: number): Result {
    return this.build(text.split(this.delimiter), line, text);
  }

  build(fields: readonly string[], line: number, text: string): Result {
    const header = this.header;
    if (fields.length !== header.length)
      return { line, reason: `malformed CSV: Invalid Record Length: columns length is ${header.length}, got ${fields.length} on line ${line}`, raw: text };
    const row: DataRecord = {};
    for (let i = 0; i < fields.length; i++) {
      const value = this.cast(fields[i] as string, this.contexts[i] as CastingContext);
      if (value instanceof CastFailure) return { line, reason: `malformed CSV: ${value.message}`, raw: text };
      if (this.assignable) row[header[i] as string] = value;
      else Object.defineProperty(row, header[i] as string, { value, enumerable: true, writable: true, configurable: true });
    }
    return { row, line };
  }
}

/** csv-parse counts lines within a batch; reasons name the record's line in the file instead. */
function inFile(message: string, line: number): string {
  return message.replace(/\b(at|on) line \d+/g, `$1 line ${line}`);
}

/** Complete records with quotes, waiting for one csv-parse call. */
export class Batch {
  private readonly texts: string[] = [];
  private readonly firstLines: number[] = [];
  /** Last line of each record within the batch text (1-based), for mapping csv-parse's `lines`. */
  private readonly ends: number[] = [];
  private lines = 0;

  get size(): number {
    return this.texts.length;
  }

  /** @returns the record's slot. */
  add(text: string, firstLine: number, lineCount: number): number {
    this.texts.push(text);
    this.firstLines.push(firstLine);
    this.lines += lineCount;
    this.ends.push(this.lines);
    return this.texts.length - 1;
  }

  /** The slot of the record ending on batch line `line`. */
  private slotOf(line: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** @returns one outcome per record, by slot. */
  parse(rows: RowBuilder): Result[] {
    const outcomes = new Array<Result | undefined>(this.texts.length);
    const bad = (slot: number, message: string): void => {
      const line = this.firstLines[slot] as number;
      outcomes[slot] = { line, reason: `malformed CSV: ${inFile(message, line)}`, raw: this.texts[slot] as string };
    };
    // Each record gives one array of fields, or one skip: the arrays fill the slots not skipped, in order.
    const fields = (text: string, at: (line: number) => number): string[][] =>
      parse(text, {
        delimiter: rows.delimiter,
        relax_column_count: true,
        skip_records_with_error: true,
        on_skip: (error: CsvError | undefined): undefined => {
          if (error) bad(at(typeof error.lines === 'number' ? error.lines : 1), error.message);
          return undefined;
        },
      });
    const fill = (records: string[][], from: number, to: number): void => {
      const open: number[] = [];
      for (let slot = from; slot < to; slot++) if (outcomes[slot] === undefined) open.push(slot);
      if (records.length !== open.length) throw new Error(`${records.length} records where ${open.length} were expected`);
      open.forEach((slot, k) => (outcomes[slot] = rows.build(records[k] as string[], this.firstLines[slot] as number, this.texts[slot] as string)));
    };
    try {
      fill(fields(this.texts.join('\n'), (line) => this.slotOf(line)), 0, this.texts.length);
    } catch {
      // csv-parse refused the batch as a whole: record by record, so only the culprit fails.
      outcomes.fill(undefined);
      for (let slot = 0; slot < this.texts.length; slot++) {
        try {
          fill(fields(this.texts[slot] as string, () => slot), slot, slot + 1);
        } catch (error) {
          bad(slot, (error as Error).message);
        }
      }
    }
    return outcomes as Result[];
  }
}

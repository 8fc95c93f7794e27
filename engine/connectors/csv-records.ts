/**
 * CSV records from a file's lines (RFC 4180: a header line, `"`-quoted fields that may hold the
 * delimiter, `""` and line breaks). csv-parse reads the fields; before it, a cheap quote-aware
 * splitter groups physical lines into logical records, so that a malformed quote costs one
 * record and never the rest of the file.
 *
 * Why: a streaming CSV parser that meets an unclosed quote reads everything after it as one
 * quoted field, and a stray quote in an unquoted field leaves it inside a quoted field; either
 * way the well-formed rows that follow end up in one error's `raw` text. Here a quote opens a
 * field only at the start of a field; a line that leaves a quoted field open continues the
 * record on the next line (a multi-line field). When such a record turns out malformed — a
 * closing quote followed by something other than the delimiter, a quote inside an unquoted
 * field, a line that cannot be read, the end of the file, or more than `maxRecordBytes` without
 * the closing quote — only its first line is an error, and splitting starts again at the line
 * after it. Complete records with quotes go to csv-parse in batches, each parse starting at a
 * record boundary; records without any quote — most of them — are split at the delimiter
 * directly (`csv-fields.ts`). A record with the wrong number of fields or a value not of its
 * column's type is one bad record and cannot take its neighbours with it.
 */
import { parse, type CastingContext } from 'csv-parse/sync';
import { Batch, RowBuilder } from './csv-fields.ts';
import type { Line, LinePosition } from './line-reader.ts';
import { csvCast, type BadRecord, type ColumnType, type ReadRecord } from './record-formats.ts';

const QUOTE = 34;
const CLOSED = 0;
const OPEN = 1;

/**
 * Follows the quotes of one physical line. `quoted`: the line continues a quoted field.
 * @returns CLOSED (the record ends with this line), OPEN (a quoted field goes on past its
 *   end) or why the quotes are malformed.
 */
function scanQuotes(text: string, delimiter: number, quoted: boolean): typeof CLOSED | typeof OPEN | string {
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    if (quoted) {
      if (q === -1) return OPEN;
      if (text.charCodeAt(q + 1) === QUOTE) {
        i = q + 2; // `""`: a quote inside the field
        continue;
      }
      i = q + 1;
      quoted = false;
      if (i < text.length && text.charCodeAt(i) !== delimiter)
        return `malformed CSV: a closing quote must be followed by the delimiter or the end of the line (character ${i + 1})`;
    } else {
      if (q === -1) return CLOSED;
      if (q > 0 && text.charCodeAt(q - 1) !== delimiter)
        return `malformed CSV: a quote inside an unquoted field (character ${q + 1}); quote the whole field and double the quotes inside it`;
      quoted = true;
      i = q + 1;
    }
  }
}

type Result = ReadRecord | BadRecord;

export interface CsvReaderOptions {
  delimiter?: string;
  columns?: Record<string, ColumnType>;
  /** A quoted field left open for more than this many bytes is taken for a stray quote. */
  maxRecordBytes: number;
  /** Names the file in errors about its header. */
  source: string;
}

/**
 * Turns lines (from `readLines`) into records and bad records, in file order. The first
 * logical record is the header. Push lines chunk by chunk; `resumeAt` says where a checkpoint
 * taken now must resume.
 */
export class CsvRecordReader {
  private header: string[] | undefined;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly cast: (value: string, context: CastingContext) => unknown;
  /** Lines of the record being assembled: a quoted field goes on past a line break. */
  private pending: Line[] = [];
  /** While the header is read again on a restore: lines are consumed, nothing is returned. */
  private headerOnly = false;
  private rowBuilder: RowBuilder | undefined;

  constructor(private readonly options: CsvReaderOptions) {
    this.delimiter = options.delimiter ?? ',';
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.cast = csvCast(options.columns);
  }

  /**
   * For a restore: reads the header from the file's first lines and returns nothing.
   * @returns true once the header is complete (the caller stops feeding the start of the file).
   * @throws Error naming the file and line when the header cannot be read.
   */
  takeHeader(lines: readonly Line[]): boolean {
    this.headerOnly = true;
    try {
      for (const line of lines) {
        this.run([line], []);
        if (this.header !== undefined) break;
      }
    } finally {
      this.headerOnly = false;
    }
    if (this.header !== undefined) this.pending = [];
    return this.header !== undefined;
  }

  /**
   * Takes the next lines of the file.
   * @returns the records and bad records that became complete, in file order.
   * @throws Error naming the file and line when the header cannot be read.
   */
  push(lines: readonly Line[]): Result[] {
    const batch = new Batch();
    const results: (Result | number)[] = [];
    this.run(lines, results, batch);
    return this.settle(results, batch);
  }

  /** The end of the file: a record still open is malformed. @returns what that gives. */
  end(): Result[] {
    const batch = new Batch();
    const results: (Result | number)[] = [];
    while (this.pending.length > 0) this.run(this.giveUp('the file ends before it closes', results), results, batch);
    return this.settle(results, batch);
  }

  /** Where reading must resume to redo nothing and miss nothing: the start of an open record, or `next`. */
  resumeAt(next: LinePosition): LinePosition {
    const first = this.pending[0];
    return first ? { offset: first.offset, line: first.number } : next;
  }

  /** Feeds lines; a malformed multi-line record's later lines are fed again after its first. */
  private run(lines: readonly Line[], results: (Result | number)[], batch?: Batch): void {
    const stack: { lines: readonly Line[]; i: number }[] = [{ lines, i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { lines: readonly Line[]; i: number };
      if (top.i >= top.lines.length) {
        stack.pop();
        continue;
      }
      const again = this.step(top.lines[top.i++] as Line, results, batch);
      if (again !== undefined && again.length > 0) stack.push({ lines: again, i: 0 });
    }
  }

  /** One physical line. @returns lines to feed again when an open record turned out malformed. */
  private step(line: Line, results: (Result | number)[], batch: Batch | undefined): Line[] | undefined {
    if (line.error !== undefined) {
      if (this.pending.length > 0) {
        const again = this.giveUp(`line ${line.number} cannot be read`, results);
        return [...again, line];
      }
      if (this.header === undefined && !this.headerOnly) throw new Error(`${this.options.source}:${line.number}: the CSV header cannot be read: ${line.error}`);
      if (!this.headerOnly) results.push({ line: line.number, reason: line.error, raw: line.text });
      return undefined;
    }
    const open = this.pending.length > 0;
    if (!open && line.text.length === 0) return undefined; // a blank line is no record
    const scan = scanQuotes(line.text, this.delimiterCode, open);
    if (scan === OPEN) {
      this.pending.push(line);
      const first = this.pending[0] as Line;
      if (line.offset - first.offset > this.options.maxRecordBytes)
        return this.giveUp(`no closing quote within ${this.options.maxRecordBytes} bytes (maxLineBytes)`, results);
      return undefined;
    }
    if (scan === CLOSED) {
      const record = open ? [...this.pending, line] : [line];
      this.pending = [];
      this.complete(record, results, batch);
      return undefined;
    }
    if (!open) {
      if (!this.headerOnly) {
        if (this.header === undefined) throw new Error(`${this.options.source}:${line.number}: the CSV header cannot be read: ${scan}`);
        results.push({ line: line.number, reason: scan, raw: line.text });
      }
      return undefined;
    }
    this.pending.push(line);
    return this.giveUp(`line ${line.number}: ${scan.replace(/^malformed CSV: /, '')}`, results);
  }

  /**
   * The open record is malformed: its first line becomes an error and the rest are returned to
   * be split again.
   */
  private giveUp(why: string, results?: (Result | number)[]): Line[] {
    const [first, ...rest] = this.pending;
    this.pending = [];
    if (first === undefined) return [];
    const reason = `malformed CSV: the quoted field opened on this line is not closed properly (${why}); reading resumes at the next line`;
    if (this.header === undefined && !this.headerOnly) throw new Error(`${this.options.source}:${first.number}: the CSV header cannot be read: ${reason}`);
    if (!this.headerOnly) results?.push({ line: first.number, reason, raw: first.text });
    return rest;
  }

  /** A complete logical record: the header, a row (or bad record), or a slot for csv-parse. */
  private complete(lines: Line[], results: (Result | number)[], batch: Batch | undefined): void {
    const text = lines.length === 1 ? (lines[0] as Line).text : lines.map((l) => l.text).join('\n');
    const first = (lines[0] as Line).number;
    if (this.header === undefined) {
      this.header = this.parseHeader(text, first);
      return;
    }
    if (this.headerOnly || batch === undefined) return;
    // Most records have no quote at all: split here; csv-parse reads those with quotes.
    this.rowBuilder ??= new RowBuilder(this.header, this.delimiter, this.cast);
    results.push(lines.length === 1 && text.indexOf('"') === -1 ? this.rowBuilder.plain(text, first) : batch.add(text, first, lines.length));
  }

  private parseHeader(text: string, line: number): string[] {
    try {
      const rows = parse(text, { delimiter: this.delimiter, relax_column_count: true }) as string[][];
      const names = rows[0];
      if (rows.length !== 1 || names === undefined) throw new Error(`expected one header record, got ${rows.length}`);
      return names;
    } catch (error) {
      throw new Error(`${this.options.source}:${line}: the CSV header cannot be read: ${(error as Error).message}`);
    }
  }

  /** Parses the batch and puts each record's outcome into its slot. */
  private settle(results: (Result | number)[], batch: Batch): Result[] {
    if (batch.size === 0 || this.rowBuilder === undefined) return results as Result[];
    const outcomes = batch.parse(this.rowBuilder);
    return results.map((r) => (typeof r === 'number' ? (outcomes[r] as Result) : r));
  }
}

/**
 * Sample records for typing a source's columns: the first records of a JSON Lines or CSV file,
 * read with Tributary's own parsers (so CSV numbers are inferred as the embedded engine infers
 * them). At most {@link SAMPLE_BYTES} of the file and {@link SAMPLE_RECORDS} records are read;
 * lines that do not parse are skipped (they would go to the source's `errors`).
 */
import { open } from 'node:fs/promises';
import { isBad, parseJsonLine, type BadRecord, type ColumnType, type ReadRecord } from '../../connectors/record-formats.ts';
import { CsvRecordReader } from '../../connectors/csv-records.ts';
import { DEFAULT_MAX_LINE_BYTES, readLines } from '../../connectors/line-reader.ts';

/** How much of a file typing reads. */
export const SAMPLE_BYTES = 64 * 1024 * 1024;
/** How many records typing looks at. */
export const SAMPLE_RECORDS = 100_000;

async function head(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    return bytesRead < size ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  } finally {
    await handle.close();
  }
}

/**
 * Reads the sample of a file.
 * @returns the records, in file order (CSV: keys in header order).
 * @throws Error when the file cannot be read.
 */
export async function readSample(path: string, format: 'jsonl' | 'csv', csv?: { delimiter: string; columns?: Record<string, string> }): Promise<Record<string, unknown>[]> {
  const text = await head(path);
  const rows: Record<string, unknown>[] = [];
  if (format === 'jsonl') {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && rows.length < SAMPLE_RECORDS; i++) {
      const r = parseJsonLine(lines[i] as string, i + 1);
      if (r && !isBad(r)) rows.push(r.row);
    }
    return rows;
  }
  const reader = new CsvRecordReader({ delimiter: csv?.delimiter, columns: csv?.columns as Record<string, ColumnType> | undefined, maxRecordBytes: DEFAULT_MAX_LINE_BYTES, source: path });
  const take = (r: ReadRecord | BadRecord): void => {
    if (rows.length < SAMPLE_RECORDS && !isBad(r)) rows.push(r.row);
  };
  for await (const { lines } of readLines(path)) {
    reader.push(lines).forEach(take);
    if (rows.length >= SAMPLE_RECORDS) return rows;
  }
  reader.end().forEach(take);
  return rows;
}

/**
 * Reads a whole table file (CSV, JSON array or JSON Lines) into memory, for lookup joins. Lines
 * are read like a file source's (`readLines`: a byte-order mark skipped, invalid UTF-8 and
 * over-long lines refused), CSV records like a file source's (`CsvRecordReader`).
 * @throws Error naming the file and line of the first unreadable record (a lookup table must
 *   be clean: a silently missing row would change join results).
 */
import { readFile } from 'node:fs/promises';
import type { DataRecord } from '../runtime/record.ts';
import { CsvRecordReader } from './csv-records.ts';
import { DEFAULT_MAX_LINE_BYTES, readLines } from './line-reader.ts';
import { isBad, parseJsonLine, resolveFormat, type BadRecord, type ReadRecord, type RecordFormat } from './record-formats.ts';

export async function readTableFile(path: string, format: 'auto' | RecordFormat): Promise<DataRecord[]> {
  const kind = resolveFormat(path, format);
  if (kind === 'json') {
    const text = await readFile(path, 'utf8');
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (!Array.isArray(value)) throw new Error(`${path}: a JSON table must be an array of objects`);
    return value as DataRecord[];
  }
  const rows: DataRecord[] = [];
  const take = (r: ReadRecord | BadRecord | undefined): void => {
    if (r === undefined) return;
    if (isBad(r)) throw new Error(`${path}:${r.line}: ${r.reason}`);
    rows.push(r.row);
  };
  const csv = kind === 'csv' ? new CsvRecordReader({ maxRecordBytes: DEFAULT_MAX_LINE_BYTES, source: path }) : undefined;
  for await (const { lines } of readLines(path)) {
    if (csv) csv.push(lines).forEach(take);
    else for (const line of lines) take(line.error !== undefined ? { line: line.number, reason: line.error, raw: line.text } : parseJsonLine(line.text, line.number));
  }
  csv?.end().forEach(take);
  return rows;
}

/**
 * Reads a whole table file (CSV, JSON array or JSON Lines) into memory, for lookup joins.
 * @throws Error naming the file and line of the first unreadable record (a lookup table must
 *   be clean: a silently missing row would change join results).
 */
import { readFile } from 'node:fs/promises';
import type { DataRecord } from '../runtime/record.ts';
import { CsvRecordParser, isBad, parseJsonLine, resolveFormat, type RecordFormat } from './record-formats.ts';

export async function readTableFile(path: string, format: 'auto' | RecordFormat): Promise<DataRecord[]> {
  const text = await readFile(path, 'utf8');
  const kind = resolveFormat(path, format);
  if (kind === 'json') {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) throw new Error(`${path}: a JSON table must be an array of objects`);
    return value as DataRecord[];
  }
  const rows: DataRecord[] = [];
  if (kind === 'jsonl') {
    text.split('\n').forEach((line, i) => {
      const r = parseJsonLine(line, i + 1);
      if (r === undefined) return;
      if (isBad(r)) throw new Error(`${path}:${r.line}: ${r.reason}`);
      rows.push(r.row);
    });
    return rows;
  }
  const parser = new CsvRecordParser();
  for (const r of [...parser.push(text), ...(await parser.end())]) {
    if (isBad(r)) throw new Error(`${path}:${r.line}: ${r.reason}`);
    rows.push(r.row);
  }
  return rows;
}

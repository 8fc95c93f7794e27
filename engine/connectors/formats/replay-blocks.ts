/**
 * Replaying block-structured files (Parquet row groups, Avro blocks) through a source: records
 * in file order, a checkpointable boundary every `every` records and after every block, and a
 * position that says exactly where to resume — (row group, row) for Parquet, (block byte
 * offset, record) for Avro, plus the file-wide record number used as the "line" of errors.
 * A block that cannot be read is one error naming the file and place; replay goes on with the
 * next block. A file whose footer or header cannot be read is one error and no records.
 */
import type { DataRecord } from '../../runtime/record.ts';
import { openAvro } from './avro-reader.ts';
import { openParquet } from './parquet-reader.ts';

/** Where replay resumes: block (row group index, or Avro block byte offset), record in it, and records before it in the file. */
export interface BlockPosition {
  block: number;
  record: number;
  /** Records before this position in the file (the next record is number `ordinal + 1`). */
  ordinal: number;
}

/** What the source does with what is read. */
export interface BlockReplay {
  /** A record; `number`: 1-based record number in the file. */
  offer(row: DataRecord, number: number): Promise<unknown> | void;
  /** A record or block that cannot be read; `number`: the first record number it concerns. */
  bad(number: number, reason: string, raw: string): void;
  /** A checkpointable boundary at `position`. @returns false when the run stops. */
  between(position: BlockPosition): Promise<boolean>;
  /** Fraction of the file read (0–1). */
  progress(fraction: number): void;
}

/** Offers `rows` (record `first` of its block on) with boundaries every `every` records. */
async function offerRows(rows: readonly DataRecord[], block: number, first: number, ordinal: number, r: BlockReplay, every: number): Promise<boolean> {
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % every === 0 && !(await r.between({ block, record: first + i, ordinal: ordinal + i }))) return false;
    const paced = r.offer(rows[i] as DataRecord, ordinal + i + 1);
    if (paced !== undefined) await paced; // only paced replay waits; no microtask per record otherwise
  }
  return true;
}

/**
 * Replays a Parquet file from `start` (row group `block`, row `record`).
 * @returns false when the run stopped at a boundary, true at the end of the file.
 */
export async function replayParquet(path: string, start: BlockPosition, r: BlockReplay, every: number): Promise<boolean> {
  let file;
  try {
    file = await openParquet(path);
  } catch (error) {
    r.bad(start.ordinal + 1, (error as Error).message, '');
    return true;
  }
  try {
    for (let g = start.block, from = start.record; g < file.rowGroups.length; g++, from = 0) {
      const group = file.rowGroups[g] as { rows: number; firstRow: number };
      let rows: DataRecord[] | undefined;
      try {
        rows = await file.readRowGroup(g, from);
      } catch (error) {
        r.bad(group.firstRow + from + 1, `${(error as Error).message}; ${group.rows - from} rows skipped`, '');
      }
      if (rows && !(await offerRows(rows, g, from, group.firstRow + from, r, every))) return false;
      r.progress(file.rows === 0 ? 1 : (group.firstRow + group.rows) / file.rows);
      if (!(await r.between({ block: g + 1, record: 0, ordinal: group.firstRow + group.rows }))) return false;
    }
    return true;
  } finally {
    await file.close();
  }
}

/**
 * Replays an Avro object container file from `start` (block at byte offset `block`, record
 * `record`; block 0 means the first block).
 * @returns false when the run stopped at a boundary, true at the end of the file.
 */
export async function replayAvro(path: string, start: BlockPosition, r: BlockReplay, every: number, size: number): Promise<boolean> {
  let file;
  try {
    file = await openAvro(path);
  } catch (error) {
    r.bad(start.ordinal + 1, (error as Error).message, '');
    return true;
  }
  try {
    let ordinal = start.ordinal;
    for await (const block of file.blocks(start.block, start.record)) {
      if (block.error !== undefined) r.bad(ordinal + 1, `${block.error}; up to ${block.count} records lost`, '');
      else if (!(await offerRows(block.records, block.offset, block.first, ordinal, r, every))) return false;
      ordinal += block.records.length;
      r.progress(size === 0 ? 1 : Math.min(1, block.next / size));
      if (!(await r.between({ block: block.next, record: 0, ordinal }))) return false;
    }
    return true;
  } finally {
    await file.close();
  }
}

/**
 * Parquet files read one row group at a time with hyparquet (pure JS; Snappy, gzip, zstd,
 * Brotli and LZ4 pages through hyparquet-compressors). Only the footer and the row group being
 * replayed are in memory: the file is reached through positioned reads on one file handle,
 * never loaded whole. A position is (row group, row within it), so a restore reads only the
 * row group it resumes in.
 *
 * Types as Flink's Parquet format maps them, made JSON-like (`values.ts`): INT32 → number,
 * INT64 → number (or a decimal string beyond 2^53), DECIMAL → number, TIMESTAMP_MILLIS/MICROS/
 * NANOS → epoch milliseconds (micro- and nanoseconds truncated), DATE → `yyyy-MM-dd`, BINARY
 * UTF8 → string, other BINARY → base64, LIST → array, MAP and groups → objects.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type ColumnData, type DecodedArray, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { DataRecord } from '../../runtime/record.ts';
import { plainValue } from './values.ts';

/** A row group of the file: how many rows it has and the file-wide index of its first row. */
export interface RowGroupInfo {
  rows: number;
  firstRow: number;
}

/** An open Parquet file: its footer, read once. */
export interface ParquetFile {
  metadata: FileMetaData;
  rowGroups: RowGroupInfo[];
  /** Rows in the file. */
  rows: number;
  /** Reads the rows of row group `index` (0-based) from its row `from`. @throws Error naming the file and row group. */
  readRowGroup(index: number, from?: number): Promise<DataRecord[]>;
  close(): Promise<void>;
}

const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us / 1000n),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1_000_000n),
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
};

/**
 * One column of rows [from, to) from hyparquet's column chunks (which may reach outside the
 * range), made JSON-like column-wise: a column of plain numbers or strings needs no per-value
 * conversion, INT64 columns become numbers in one pass.
 */
function column(chunks: readonly ColumnData[], from: number, to: number): ArrayLike<unknown> {
  const out = new Array<unknown>(to - from);
  for (const chunk of chunks) {
    const data: DecodedArray = chunk.columnData;
    const start = Math.max(from, chunk.rowStart);
    const end = Math.min(to, chunk.rowEnd);
    const plain = data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array;
    for (let r = start; r < end; r++) {
      const v: unknown = data[r - chunk.rowStart];
      out[r - from] = plain || typeof v === 'number' || typeof v === 'string' ? v : plainValue(v);
    }
  }
  return out;
}

/** An AsyncBuffer (hyparquet's file abstraction) over positioned reads of `file`. */
function fileBuffer(file: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const buf = new Uint8Array(Math.max(0, stop - start));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await file.read(buf, done, buf.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.buffer;
    },
  };
}

/**
 * Opens a Parquet file and reads its footer.
 * @throws Error naming the file when it cannot be opened or its footer is not Parquet
 *   (truncated file, missing `PAR1` trailer, corrupt metadata).
 */
export async function openParquet(path: string): Promise<ParquetFile> {
  const name = basename(path);
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const buffer = fileBuffer(file, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (error) {
      throw new Error(`${name} is not a readable Parquet file (its footer at the end of the file cannot be read): ${(error as Error).message}`);
    }
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    const rowGroups: RowGroupInfo[] = [];
    let firstRow = 0;
    for (const g of metadata.row_groups) {
      const rows = Number(g.num_rows);
      rowGroups.push({ rows, firstRow });
      firstRow += rows;
    }
    return {
      metadata,
      rowGroups,
      rows: firstRow,
      async readRowGroup(index, from = 0) {
        const group = rowGroups[index];
        if (group === undefined) throw new Error(`${name} has no row group ${index}`);
        const rowStart = group.firstRow + from;
        const rowEnd = group.firstRow + group.rows;
        try {
          // Column chunks, assembled into rows here: hyparquet's own row assembly costs more
          // than the decoding for flat files.
          const chunks = new Map<string, ColumnData[]>(names.map((n) => [n, []]));
          await parquetRead({
            file: buffer,
            metadata,
            compressors,
            parsers: PARSERS,
            // Only annotated strings are text; plain BYTE_ARRAY is bytes (base64), as Flink reads BYTES.
            utf8: false,
            rowStart,
            rowEnd,
            onChunk: (c) => chunks.get(c.columnName)?.push(c),
          });
          const columns = names.map((n) => column(chunks.get(n) ?? [], rowStart, rowEnd));
          const rows: DataRecord[] = new Array<DataRecord>(rowEnd - rowStart);
          for (let i = 0; i < rows.length; i++) {
            const row: DataRecord = {};
            for (let c = 0; c < names.length; c++) row[names[c] as string] = (columns[c] as ArrayLike<unknown>)[i];
            rows[i] = row;
          }
          return rows;
        } catch (error) {
          throw new Error(`row group ${index} (rows ${group.firstRow + 1}–${group.firstRow + group.rows}) of ${name} cannot be read: ${(error as Error).message}`);
        }
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/**
 * Which format and compression a replayed file has. The extension decides first (`.jsonl.gz`,
 * `.csv.zst`, `.parquet`, `.avro`); the file's first bytes (magic numbers) decide when the
 * extension says nothing, and catch a mismatch the extension would hide (a gzip file named
 * `.jsonl` is read as gzip). Both are overridable in the node config (`format`,
 * `compression`): an explicit setting is never second-guessed.
 *
 * Magic numbers: gzip `1f 8b` (RFC 1952), zstd `28 b5 2f fd` (RFC 8878), Parquet `PAR1`,
 * Avro object container `Obj` + `01` (Avro 1.11 spec, "Object Container Files").
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';

/** Record formats of a replayed file. Parquet and Avro are binary and never compressed whole. */
export type FileFormat = 'jsonl' | 'csv' | 'json' | 'parquet' | 'avro';
/** Whole-file compression of a line format. */
export type Compression = 'none' | 'gzip' | 'zstd';

export interface DetectedFormat {
  format: FileFormat;
  compression: Compression;
}

const MAGIC: readonly { bytes: readonly number[]; format?: FileFormat; compression?: Compression }[] = [
  { bytes: [0x1f, 0x8b], compression: 'gzip' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], compression: 'zstd' },
  { bytes: [0x50, 0x41, 0x52, 0x31], format: 'parquet' },
  { bytes: [0x4f, 0x62, 0x6a, 0x01], format: 'avro' },
];

/** The first 4 bytes of the file (fewer for a shorter file). @throws Error (ENOENT, EACCES). */
function head(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(4);
    const n = readSync(fd, buf, 0, 4, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function magicOf(bytes: Uint8Array): { format?: FileFormat; compression?: Compression } | undefined {
  return MAGIC.find((m) => m.bytes.length <= bytes.length && m.bytes.every((b, i) => bytes[i] === b));
}

function formatOfExtension(ext: string): FileFormat | undefined {
  switch (ext) {
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.csv':
    case '.tsv':
      return 'csv';
    case '.json':
      return 'json';
    case '.parquet':
    case '.pq':
      return 'parquet';
    case '.avro':
      return 'avro';
    default:
      return undefined;
  }
}

/**
 * Resolves `auto` settings for the file at `path`.
 * @param format the configured format, or `auto`.
 * @param compression the configured compression, or `auto`.
 * @throws Error naming the file when the format cannot be told, when a compressed Parquet or
 *   Avro file is asked for (their pages/blocks carry their own codecs), or when the file
 *   cannot be opened.
 */
export function detectFormat(path: string, format: 'auto' | FileFormat, compression: 'auto' | Compression = 'auto'): DetectedFormat {
  const name = basename(path).toLowerCase();
  let ext = extname(name);
  let byExtension: Compression | undefined;
  if (ext === '.gz' || ext === '.gzip') byExtension = 'gzip';
  else if (ext === '.zst' || ext === '.zstd') byExtension = 'zstd';
  if (byExtension) ext = extname(name.slice(0, -extname(name).length));
  const needsMagic = format === 'auto' || compression === 'auto';
  const magic = needsMagic ? magicOf(head(path)) : undefined;
  const resolvedCompression: Compression = compression !== 'auto' ? compression : (magic?.compression ?? byExtension ?? 'none');
  const resolvedFormat: FileFormat | undefined = format !== 'auto' ? format : (magic?.format ?? formatOfExtension(ext));
  if (resolvedFormat === undefined)
    throw new Error(`cannot tell the format of ${basename(path)} from its extension or first bytes; set "format" to jsonl, csv, json, parquet or avro`);
  if ((resolvedFormat === 'parquet' || resolvedFormat === 'avro') && resolvedCompression !== 'none')
    throw new Error(`${basename(path)}: a ${resolvedFormat} file is read as is (its pages or blocks carry their own codec); decompress the file or set "compression": "none"`);
  return { format: resolvedFormat, compression: resolvedCompression };
}

/**
 * Avro object container files (Avro 1.11 spec, "Object Container Files") read block by block:
 * the header (magic `Obj\x01`, metadata with `avro.schema` and `avro.codec`, 16-byte sync
 * marker), then blocks of (record count, byte size, records, sync marker). Records are decoded
 * by `avro-decode.ts` (avsc cannot run in the job sandbox: it generates code from strings);
 * every block's byte offset is known: a position is (block offset, record within the block),
 * and a restore seeks straight to it.
 * Codecs: null, deflate, snappy (with its CRC-32 trailer), zstandard.
 *
 * Corruption costs a block, never the file: a block whose sync marker does not match, whose
 * header is nonsense or whose records cannot be decoded becomes one error (byte offset and
 * record count). Reading goes on at the next block when the block's size was plausible, else
 * it resynchronises at the next sync marker found by scanning, as the spec intends markers
 * for. Only a bad file header (no schema) makes the file unreadable.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { decompressSnappy } from 'hyparquet-compressors';
import type { DataRecord } from '../../runtime/record.ts';
import { AvroDecodeError, avroDecoder, readBytesMap, readLong, type Cursor } from './avro-decode.ts';

/** One block: its records from `first` on, or why it cannot be read. */
export interface AvroBlock {
  /** Byte offset of the block in the file. */
  offset: number;
  /** Index in the block of `records[0]`. */
  first: number;
  records: DataRecord[];
  /** Records the block declares. */
  count: number;
  /** Byte offset where the next block starts (after a resynchronisation for a bad block). */
  next: number;
  /** Set when the block cannot be read; `records` is then empty. */
  error?: string;
}

export interface AvroFile {
  /** The writer schema (JSON) from the header. */
  schema: unknown;
  codec: string;
  /** Byte offset of the first block. */
  firstBlock: number;
  /** The blocks from the one at `offset` (record `record` on). */
  blocks(offset: number, record?: number): AsyncGenerator<AvroBlock>;
  close(): Promise<void>;
}

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const SYNC_BYTES = 16;
/** Largest block accepted (Avro writers use 16 KiB – 1 MiB; a larger size means corruption). */
const MAX_BLOCK_BYTES = 256 * 1024 * 1024;

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buf, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

function decompressBlock(codec: string, data: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      return inflateRawSync(data);
    case 'snappy': {
      const body = data.subarray(0, data.length - 4); // the last 4 bytes are a CRC-32 of the output
      let length = 0;
      for (let i = 0, shift = 0; i < body.length && i < 5; i++, shift += 7) {
        const b = body[i] as number;
        length += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0) break;
      }
      return Buffer.from(decompressSnappy(body, length));
    }
    case 'zstandard':
      return Buffer.from(zstdDecompress(data));
    default:
      throw new Error(`codec "${codec}" is not supported (null, deflate, snappy, zstandard are)`);
  }
}

/**
 * Opens an Avro object container file and reads its header.
 * @throws Error naming the file when it cannot be opened or is not an Avro container.
 */
export async function openAvro(path: string): Promise<AvroFile> {
  const name = basename(path);
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    let head = await readAt(file, 0, 64 * 1024);
    if (head.length < 4 || !head.subarray(0, 4).equals(MAGIC)) throw new Error(`${name} is not an Avro object container file (it does not start with Obj\\x01)`);
    const readHeader = (): { metadata: Record<string, Buffer>; end: number } | undefined => {
      const c: Cursor = { buf: head, pos: 4 };
      try {
        return { metadata: readBytesMap(c), end: c.pos };
      } catch (error) {
        if (error instanceof AvroDecodeError) return undefined;
        throw error;
      }
    };
    let header = readHeader();
    while (header === undefined && head.length < size) {
      head = await readAt(file, 0, Math.min(size, head.length * 4));
      header = readHeader();
    }
    if (header === undefined || header.end + SYNC_BYTES > head.length) throw new Error(`${name}: the Avro header is truncated`);
    const schemaBytes = header.metadata['avro.schema'];
    if (schemaBytes === undefined) throw new Error(`${name}: the Avro header has no avro.schema`);
    let schema: unknown;
    let decode: ReturnType<typeof avroDecoder>;
    try {
      schema = JSON.parse(schemaBytes.toString('utf8'));
      decode = avroDecoder(schema);
    } catch (error) {
      throw new Error(`${name}: the Avro header's schema cannot be read: ${(error as Error).message}`);
    }
    const codec = header.metadata['avro.codec']?.toString('utf8') || 'null';
    const sync = Buffer.from(head.subarray(header.end, header.end + SYNC_BYTES));
    const firstBlock = header.end + SYNC_BYTES;

    /** Offset of the next block after a sync marker found at or after `from`, or `size`. */
    async function resync(from: number): Promise<number> {
      for (let at = from; at < size; at += 1 << 20) {
        const chunk = await readAt(file, at, (1 << 20) + SYNC_BYTES);
        const i = chunk.indexOf(sync);
        if (i !== -1) return at + i + SYNC_BYTES;
      }
      return size;
    }

    async function readBlock(offset: number, record: number): Promise<AvroBlock> {
      const c: Cursor = { buf: await readAt(file, offset, 20), pos: 0 };
      let n = -1;
      let length = -1;
      try {
        n = Number(readLong(c));
        length = Number(readLong(c));
      } catch {
        // a header cut short: handled below as a corrupt header
      }
      const headerBytes = c.pos;
      const end = offset + headerBytes + length + SYNC_BYTES;
      // A block whose size is plausible but whose marker or data is damaged ends where its size
      // says (the next block is checked in turn); a nonsense header is resynchronised by scanning.
      const bad = async (why: string, declared: number, sized: boolean): Promise<AvroBlock> => ({
        offset,
        first: 0,
        records: [],
        count: declared,
        next: sized ? end : await resync(offset + 1),
        error: `${name}: the Avro block at byte ${offset} cannot be read (${why}); reading resumes at ${sized ? 'the next block' : 'the next sync marker'}`,
      });
      if (!Number.isSafeInteger(n) || n < 0 || length < 0 || length > MAX_BLOCK_BYTES || end > size)
        return bad('its header is corrupt or the file is truncated', Math.max(0, n), false);
      const body = await readAt(file, offset + headerBytes, length + SYNC_BYTES);
      if (!body.subarray(length).equals(sync)) return bad('its sync marker does not match the header’s', n, true);
      let data: Buffer;
      try {
        data = decompressBlock(codec, body.subarray(0, length));
      } catch (error) {
        return bad(`${codec} data: ${(error as Error).message}`, n, true);
      }
      const records: DataRecord[] = [];
      const cursor: Cursor = { buf: data, pos: 0 };
      for (let i = 0; i < n; i++) {
        let value: unknown;
        try {
          value = decode(cursor);
        } catch (error) {
          return bad(`record ${i + 1} of ${n} does not decode with the writer schema: ${(error as Error).message}`, n, true);
        }
        if (i >= record) {
          if (typeof value !== 'object' || value === null) return bad(`the writer schema is not a record (record ${i + 1} is ${JSON.stringify(value)})`, n, true);
          records.push(value as DataRecord);
        }
      }
      return { offset, first: record, records, count: n, next: end };
    }

    return {
      schema,
      codec,
      firstBlock,
      async *blocks(offset, record = 0) {
        for (let at = Math.max(offset, firstBlock), from = record; at < size; from = 0) {
          const block = await readBlock(at, from);
          yield block;
          at = block.next;
        }
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

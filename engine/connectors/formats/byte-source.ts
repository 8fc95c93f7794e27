/**
 * The bytes of a replayed file, decompressed on the fly: plain files are read at any offset;
 * gzip (Node's zlib, multi-member files included) and zstd (fzstd, a pure-JS streaming
 * decoder; Node 20 has no zstd) are read forward as a stream. Offsets are always offsets in the
 * decompressed bytes, so the line reader's positions (byte offset + line number) mean the same
 * thing for every compression.
 *
 * Restores into a compressed file re-read and skip: neither gzip nor zstd can be entered in
 * the middle of a stream without an index, so a read at an offset ahead of the stream
 * decompresses and drops everything before it (linear in the offset), and a read behind it
 * starts the stream again. Corrupt or truncated compressed data throws `CorruptInputError`
 * with the place (compressed bytes read, decompressed offset reached).
 */
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Compression } from './detect.ts';

/** Compressed data that cannot be decoded: the rest of the file cannot be read. */
export class CorruptInputError extends Error {
  constructor(
    message: string,
    /** Offset in the decompressed bytes where decoding stopped. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'CorruptInputError';
  }
}

/** A file's (decompressed) bytes. */
export interface ByteSource {
  /** Size of the file on disk in bytes (compressed size for compressed files). */
  readonly size: number;
  /**
   * Reads up to `buf.length` bytes starting at decompressed offset `position`.
   * @returns the bytes read; 0 at the end.
   * @throws CorruptInputError when compressed data cannot be decoded.
   */
  read(buf: Buffer, position: number): Promise<number>;
  /** Bytes of the file on disk consumed so far, for progress (≤ `size`). */
  consumed(position: number): number;
  close(): Promise<void>;
}

/** Opens `path` for reading. @throws Error (ENOENT, EACCES) when it cannot be opened. */
export async function openByteSource(path: string, compression: Compression): Promise<ByteSource> {
  if (compression === 'none') {
    const file = await open(path, 'r');
    const size = (await file.stat()).size;
    return {
      size,
      read: async (buf, position) => (await file.read(buf, 0, buf.length, position)).bytesRead,
      consumed: (position) => Math.min(position, size),
      close: () => file.close(),
    };
  }
  return new StreamSource(path, compression);
}

/** Decompressed chunks of a compressed file, and how many compressed bytes were read. */
interface Stream {
  chunks: AsyncIterator<Uint8Array>;
  compressedRead(): number;
  destroy(): void;
}

const READ_BYTES = 1 << 16;

function gunzipStream(path: string): Stream {
  const input = createReadStream(path, { highWaterMark: READ_BYTES });
  let read = 0;
  input.on('data', (c) => (read += c.length));
  const gunzip = createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  return { chunks: gunzip[Symbol.asyncIterator](), compressedRead: () => read, destroy: () => (input.destroy(), gunzip.destroy()) };
}

function zstdStream(path: string): Stream {
  let read = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const file = await open(path, 'r');
    try {
      let out: Uint8Array[] = [];
      const decoder = new Decompress((data) => void out.push(data));
      const buf = Buffer.allocUnsafe(READ_BYTES);
      for (;;) {
        const { bytesRead } = await file.read(buf, 0, buf.length, read);
        read += bytesRead;
        // fzstd keeps references into what it is given: push a copy.
        decoder.push(Uint8Array.prototype.slice.call(buf, 0, bytesRead), bytesRead === 0);
        for (const c of out) yield c;
        out = [];
        if (bytesRead === 0) return;
      }
    } finally {
      await file.close();
    }
  }
  const generator = chunks();
  // return() runs the generator's `finally` (closing the file) once it is suspended at a yield.
  return { chunks: generator, compressedRead: () => read, destroy: () => void generator.return(undefined).catch(() => undefined) };
}

class StreamSource implements ByteSource {
  readonly size: number;
  private stream: Stream | undefined;
  /** Decompressed offset of `pending[0]`. */
  private at = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private ended = false;

  constructor(
    private readonly path: string,
    private readonly compression: 'gzip' | 'zstd',
  ) {
    this.size = statSync(path).size;
  }

  async read(buf: Buffer, position: number): Promise<number> {
    if (position < this.at || this.stream === undefined) this.restart();
    // Drop what lies before `position` (a restore re-reads and skips), then fill `buf`.
    while (!this.ended && this.at + this.pending.length <= position) {
      this.at += this.pending.length;
      this.pending = await this.next();
    }
    let n = 0;
    while (n < buf.length) {
      const from = position + n - this.at;
      if (from < this.pending.length) {
        const take = Math.min(buf.length - n, this.pending.length - from);
        buf.set(this.pending.subarray(from, from + take), n);
        n += take;
        continue;
      }
      if (this.ended || n > 0) break;
      this.at += this.pending.length;
      this.pending = await this.next();
    }
    return n;
  }

  consumed(): number {
    return Math.min(this.stream?.compressedRead() ?? 0, this.size);
  }

  async close(): Promise<void> {
    this.stream?.destroy();
    this.stream = undefined;
  }

  private restart(): void {
    this.stream?.destroy();
    this.stream = this.compression === 'gzip' ? gunzipStream(this.path) : zstdStream(this.path);
    this.at = 0;
    this.pending = new Uint8Array(0);
    this.ended = false;
  }

  private async next(): Promise<Uint8Array> {
    const stream = this.stream as Stream;
    try {
      const r = await stream.chunks.next();
      if (r.done) {
        this.ended = true;
        return new Uint8Array(0);
      }
      return r.value;
    } catch (error) {
      this.ended = true;
      const offset = this.at + this.pending.length;
      throw new CorruptInputError(
        `corrupt ${this.compression} data in ${basename(this.path)} (about compressed byte ${stream.compressedRead()}, after decompressed byte ${offset}): ${(error as Error).message}; the rest of the file cannot be read`,
        offset,
      );
    }
  }
}

/**
 * The whole decompressed content of a file (for JSON arrays, which are parsed whole).
 * @throws CorruptInputError when compressed data cannot be decoded; Error when the file cannot be read.
 */
export async function readWhole(path: string, compression: Compression): Promise<Buffer> {
  const source = await openByteSource(path, compression);
  try {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const buf = Buffer.allocUnsafe(1 << 20);
      const n = await source.read(buf, at);
      if (n === 0) break;
      parts.push(buf.subarray(0, n));
      at += n;
    }
    return Buffer.concat(parts);
  } finally {
    await source.close();
  }
}

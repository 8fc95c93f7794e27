/**
 * Reads a file in chunks and splits it into lines at the byte level, so every line's byte
 * offset and line number are exact (checkpoints record them) and multi-byte characters never
 * split. Yields the lines of each chunk and the position after them; the caller handles each
 * line synchronously.
 *
 * Bad bytes cost one line, never the run: a UTF-8 byte-order mark at the start of the file is
 * skipped; a line with invalid UTF-8 is returned with an `error` (or decoded with U+FFFD when
 * `invalidUtf8: 'replace'`); a line longer than `maxLineBytes` is returned with an `error` and
 * a short excerpt, without ever being held whole — its bytes are counted and dropped until the
 * next newline. Reading is linear in the file size: a line split across chunks is joined once,
 * when its newline is found.
 */
import { isUtf8 } from 'node:buffer';
import { CorruptInputError, openByteSource } from './formats/byte-source.ts';
import type { Compression } from './formats/detect.ts';

/** Where reading resumes: the byte offset and 1-based number of the next unread line. */
export interface LinePosition {
  offset: number;
  line: number;
}

export interface Line {
  /** The line without its `\n` / `\r\n`; for a line with an `error`, what can be shown of it. */
  text: string;
  /** 1-based line number. */
  number: number;
  /** Byte offset of the line's first byte (after a byte-order mark on line 1). */
  offset: number;
  /** Why the line cannot be read (too long, invalid UTF-8); `undefined` for a good line. */
  error: string | undefined;
}

export interface ReadLinesOptions {
  /** Byte offset and line number to start at (for restores); default the beginning. */
  start?: LinePosition;
  /** Longest line accepted, in bytes without its line break; default {@link DEFAULT_MAX_LINE_BYTES}. */
  maxLineBytes?: number;
  /** `error` (default): a line that is not valid UTF-8 gets an `error`; `replace`: decoded with U+FFFD. */
  invalidUtf8?: 'error' | 'replace';
  /** Called after every read with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, size: number) => void;
  /** Read size in bytes (default 1 MiB); small values let tests put lines across chunk ends. */
  chunkBytes?: number;
  /**
   * Whole-file compression (default none). Offsets are then in the decompressed bytes; a start
   * offset is reached by re-reading and skipping (see `formats/byte-source.ts`). Corrupt data
   * ends the file with one line whose `error` says where.
   */
  compression?: Compression;
}

/** 16 MiB: far above any sane record, far below V8's string limit (about 512 MiB). */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 1 << 20;
/** How much of an over-long line its error record shows. */
const EXCERPT_BYTES = 1024;
const LF = 10;
const CR = 13;

/**
 * Index of the first byte of `buf` that starts an invalid UTF-8 sequence (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF), or -1. Only called on lines already known
 * to be invalid, to say where.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes at most `EXCERPT_BYTES` of `bytes`, cut at a character boundary. */
function excerpt(bytes: Buffer): string {
  if (bytes.length <= EXCERPT_BYTES) return bytes.toString('utf8');
  let end = EXCERPT_BYTES;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end) + '…';
}

/**
 * Yields the file's lines chunk by chunk, each batch with the position after it. A batch may
 * be empty while a long line is being read: its `next` is then that line's start, a valid
 * place to checkpoint (a restore reads the line again from its first byte).
 * @throws Error (ENOENT, EACCES) when the file cannot be opened or read.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<{ lines: Line[]; next: LinePosition }> {
  const start = options.start ?? { offset: 0, line: 1 };
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const replaceInvalid = options.invalidUtf8 === 'replace';
  const chunkBytes = Math.max(16, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const file = await openByteSource(path, options.compression ?? 'none');

  let lineNumber = start.line;
  /** File offset of the first byte of the line being assembled across chunks. */
  let lineOffset = start.offset;
  /** Pieces of that line: all of it while within the limit, then only its first bytes (for the error). */
  let pieces: Buffer[] = [];
  /** Its length so far in bytes (still counted when over the limit). */
  let pendingBytes = 0;
  let lastPendingByte = -1;
  let overLong = false;

  const tooLong = (length: number): string =>
    `line longer than the maximum of ${maxLineBytes} bytes (maxLineBytes): ${length} bytes; skipped up to the next line`;

  /** A complete line from `bytes` (its line break removed); its UTF-8 is checked unless `knownValid`. */
  const makeLine = (bytes: Buffer, offset: number, knownValid: boolean): Line => {
    const number = lineNumber++;
    if (bytes.length > maxLineBytes) return { text: excerpt(bytes), number, offset, error: tooLong(bytes.length) };
    if (knownValid || replaceInvalid || isUtf8(bytes)) return { text: bytes.toString('utf8'), number, offset, error: undefined };
    const at = firstInvalidUtf8(bytes);
    const error = `invalid UTF-8 at byte ${at + 1} of the line (0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}); set "invalidUtf8": "replace" to read such lines with U+FFFD`;
    return { text: bytes.toString('utf8'), number, offset, error };
  };

  /** Adds `bytes` to the line being assembled; once over the limit only its first bytes are kept. */
  const carry = (bytes: Buffer, offset: number): void => {
    if (pendingBytes === 0) lineOffset = offset;
    const kept = pendingBytes;
    pendingBytes += bytes.length;
    lastPendingByte = bytes[bytes.length - 1] as number;
    if (kept < EXCERPT_BYTES + 4 || pendingBytes <= maxLineBytes) pieces.push(pendingBytes <= maxLineBytes ? bytes : Buffer.from(bytes.subarray(0, EXCERPT_BYTES + 4 - kept)));
    if (pendingBytes > maxLineBytes && !overLong) {
      overLong = true;
      const head = Buffer.concat(pieces);
      pieces = [Buffer.from(head.subarray(0, EXCERPT_BYTES + 4))];
    }
  };

  /** Ends the line being assembled with `tail` (the bytes before its newline, if any). */
  const finish = (tail: Buffer, newline: boolean): Line => {
    let length = pendingBytes + tail.length;
    const endsWithCr = newline && (tail.length > 0 ? tail[tail.length - 1] === CR : lastPendingByte === CR);
    if (endsWithCr) length--;
    const offset = lineOffset;
    let line: Line;
    if (overLong || length > maxLineBytes) {
      const head = Buffer.concat([...pieces, tail.subarray(0, EXCERPT_BYTES + 4)]);
      line = { text: excerpt(head.subarray(0, Math.min(head.length, length))), number: lineNumber++, offset, error: tooLong(length) };
    } else line = makeLine(Buffer.concat([...pieces, tail]).subarray(0, length), offset, false);
    pieces = [];
    pendingBytes = 0;
    lastPendingByte = -1;
    overLong = false;
    return line;
  };

  try {
    const size = file.size;
    let position = start.offset;
    let first = start.offset === 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      let bytesRead: number;
      try {
        bytesRead = await file.read(chunk, position);
      } catch (error) {
        if (!(error instanceof CorruptInputError)) throw error;
        // What follows cannot be decoded: the line being assembled and the rest of the file
        // are lost, and one error line says so (never a silent partial result).
        const offset = pendingBytes > 0 ? lineOffset : position;
        const line: Line = { text: '', number: lineNumber++, offset, error: error.message };
        pieces = [];
        pendingBytes = 0;
        yield { lines: [line], next: { offset: error.offset, line: lineNumber } };
        return;
      }
      if (bytesRead === 0) break;
      const chunkOffset = position;
      position += bytesRead;
      options.onProgress?.(file.consumed(position), size);
      const buf = chunk.subarray(0, bytesRead);
      let from = 0;
      if (first) {
        first = false;
        if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
      }
      const lines: Line[] = [];
      if (pendingBytes > 0) {
        const nl = buf.indexOf(LF);
        if (nl === -1) {
          carry(buf, chunkOffset);
          yield { lines, next: { offset: lineOffset, line: lineNumber } };
          continue;
        }
        lines.push(finish(buf.subarray(0, nl), true));
        from = nl + 1;
      }
      const last = buf.lastIndexOf(LF);
      if (last >= from) {
        // Newlines are ASCII, so the lines of a valid region are valid: one check per chunk.
        const valid = replaceInvalid || isUtf8(buf.subarray(from, last));
        for (let nl = buf.indexOf(LF, from); nl !== -1 && nl <= last; nl = buf.indexOf(LF, from)) {
          const end = nl > from && buf[nl - 1] === CR ? nl - 1 : nl;
          if (valid && end - from <= maxLineBytes) lines.push({ text: buf.toString('utf8', from, end), number: lineNumber++, offset: chunkOffset + from, error: undefined });
          else lines.push(makeLine(buf.subarray(from, end), chunkOffset + from, valid));
          from = nl + 1;
        }
      }
      if (from < buf.length) carry(buf.subarray(from), chunkOffset + from);
      yield { lines, next: { offset: pendingBytes > 0 ? lineOffset : position, line: lineNumber } };
    }
    options.onProgress?.(size, size);
    if (pendingBytes > 0) {
      const end = lineOffset + pendingBytes;
      yield { lines: [finish(Buffer.alloc(0), false)], next: { offset: end, line: lineNumber } };
    }
  } finally {
    await file.close();
  }
}

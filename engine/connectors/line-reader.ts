/**
 * Reads a file in chunks and splits it into lines at the byte level, so every line's byte
 * offset and line number are exact (checkpoints record them) and multi-byte characters never
 * split. Yields the lines of each chunk and the position after them; the caller handles each
 * line synchronously.
 */
import { open } from 'node:fs/promises';

/** Where reading resumes: the byte offset and 1-based number of the next unread line. */
export interface LinePosition {
  offset: number;
  line: number;
}

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** Byte offset of the line's first byte. */
  offset: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * @param start byte offset and line number to start at (for restores), default the beginning.
 * @throws Error (ENOENT, EACCES) when the file cannot be opened.
 */
export async function* readLines(
  path: string,
  start: LinePosition = { offset: 0, line: 1 },
  onProgress?: (bytesRead: number, size: number) => void,
): AsyncGenerator<{ lines: Line[]; next: LinePosition }> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    let position = start.offset;
    let lineNumber = start.line;
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = position;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) {
        onProgress?.(size, size);
        break;
      }
      position += bytesRead;
      onProgress?.(position, size);
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      const lines: Line[] = [];
      let lineStart = 0;
      for (let nl = buf.indexOf(10, lineStart); nl !== -1; nl = buf.indexOf(10, lineStart)) {
        const end = nl > lineStart && buf[nl - 1] === 13 ? nl - 1 : nl;
        lines.push({ text: buf.toString('utf8', lineStart, end), number: lineNumber++, offset: carryOffset + lineStart });
        lineStart = nl + 1;
      }
      carry = Buffer.from(buf.subarray(lineStart));
      carryOffset += lineStart;
      if (lines.length > 0) yield { lines, next: { offset: carryOffset, line: lineNumber } };
    }
    if (carry.length > 0)
      yield { lines: [{ text: carry.toString('utf8'), number: lineNumber, offset: carryOffset }], next: { offset: carryOffset + carry.length, line: lineNumber + 1 } };
  } finally {
    await file.close();
  }
}

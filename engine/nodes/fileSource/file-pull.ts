/**
 * The file source pulled by the merge of an aligned replay (`PullSource`): the same reading as
 * `run()` — JSON Lines line by line, CSV records in groups of a few lines, JSON array elements —
 * but each record is `take`n into the emitter's ready queue and only emitted when the merge
 * chooses it. Reading stops as soon as a record is ready, so at any moment the position is exact:
 * the next unread line (JSONL; CSV: the first line of a record not read whole) or element, with
 * the records read but not emitted kept by the emitter's snapshot.
 */
import { readWhole } from '../../connectors/formats/byte-source.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { PullSource } from '../../runtime/replay/pull-source.ts';
import { readLines, type Line, type LinePosition, type ReadLinesOptions } from '../../connectors/line-reader.ts';
import type { CsvRecordReader } from '../../connectors/csv-records.ts';
import { isBad, parseJsonLine, type BadRecord, type ReadRecord } from '../../connectors/record-formats.ts';
import type { SourceEmitter } from '../../connectors/source-emitter.ts';

/** CSV lines pushed to the record reader at a time (bounds what a checkpoint holds as ready). */
const CSV_GROUP = 32;

export interface FilePullOptions {
  path: string;
  file: string;
  format: 'jsonl' | 'csv' | 'json';
  /** The configured pace (`--speed` applied). */
  speed: 'max' | number;
  emitter: SourceEmitter;
  /** Reading options (line limits, invalid UTF-8) and progress, as for `run()`. */
  reading: ReadLinesOptions;
  /** Where to start (a restored position) for JSONL and CSV. */
  start: LinePosition;
  /** JSON arrays: the index of the next element. */
  startIndex: number;
  /** CSV only: the record reader (its header is read first on a restore). */
  csv?: CsvRecordReader;
}

/** A pulled file, with what its snapshot needs. */
export interface FilePull {
  source: PullSource;
  /** The next unread line (JSONL, CSV). */
  position(): LinePosition;
  /** JSON arrays: the next unread element. */
  index(): number;
  /** Closes the file if reading stopped early. */
  close(): Promise<void>;
}

export function pullFile(ctx: OperatorContext, o: FilePullOptions): FilePull {
  const { emitter, csv } = o;
  let iterator: AsyncGenerator<{ lines: Line[]; next: LinePosition }> | undefined;
  let lines: Line[] = [];
  let i = 0;
  let after = o.start;
  let done = false;
  let drained = false;
  let elements: unknown[] | undefined;
  let index = o.startIndex;

  const takeAll = (items: readonly (ReadRecord | BadRecord)[]): void => {
    for (const r of items) {
      if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
      else emitter.take(r.row, r.line);
    }
  };

  /** Reads the next record(s) from what is buffered. @returns false when the buffer is used up. */
  function readBuffered(): boolean {
    if (o.format === 'json') {
      const all = elements;
      if (all === undefined || index >= all.length) return false;
      const item = all[index];
      index++;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) emitter.bad(index, `element ${index} is not an object`, JSON.stringify(item));
      else emitter.take(item as Record<string, unknown>, index);
      return true;
    }
    if (i >= lines.length) return false;
    if (csv) {
      const group = i === 0 && lines.length <= CSV_GROUP ? lines : lines.slice(i, i + CSV_GROUP);
      i += group.length;
      takeAll(csv.push(group));
      return true;
    }
    const line = lines[i++] as Line;
    if (line.error !== undefined) emitter.bad(line.number, line.error, line.text);
    else {
      const r = parseJsonLine(line.text, line.number);
      if (r !== undefined) {
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else emitter.take(r.row, r.line);
      }
    }
    return true;
  }

  /** Reads the next chunk of lines (or the whole JSON array). */
  async function fill(): Promise<void> {
    if (o.format === 'json') {
      const text = (await readWhole(o.path, o.reading.compression ?? 'none')).toString('utf8');
      const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      if (!Array.isArray(value)) throw new Error(`node ${ctx.nodeId}: ${o.file} is not a JSON array`);
      elements = value;
      done = true;
      return;
    }
    if (!iterator) {
      // After a restore the CSV header is read again, then parsing resumes at the position.
      if (csv && o.start.line > 1) for await (const { lines: first } of readLines(o.path, { ...o.reading, onProgress: undefined })) if (csv.takeHeader(first)) break;
      iterator = readLines(o.path, { ...o.reading, start: o.start });
    }
    const r = await iterator.next();
    if (r.done) done = true;
    else {
      lines = r.value.lines;
      i = 0;
      after = r.value.next;
    }
  }

  const source: PullSource = {
    speed: o.speed,
    advance() {
      for (;;) {
        const head = emitter.headTime();
        if (head !== undefined) return head;
        if (readBuffered()) continue;
        if (!done) return fill().then(() => source.advance());
        if (drained) return undefined;
        drained = true;
        if (csv) takeAll(csv.end());
        emitter.drain();
      }
    },
    emit: () => emitter.emitHead(),
    tick(holding) {
      if (elements !== undefined) ctx.metrics.progress = elements.length === 0 ? 1 : index / elements.length;
      emitter.tick(holding);
    },
    finish() {
      ctx.metrics.progress = 1;
      emitter.finish();
    },
  };

  return {
    source,
    position() {
      const line = lines[i];
      const next = line ? { offset: line.offset, line: line.number } : after;
      return csv ? csv.resumeAt(next) : next;
    },
    index: () => index,
    async close() {
      await iterator?.return(undefined);
    },
  };
}

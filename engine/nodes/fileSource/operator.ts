/**
 * The `fileSource` node: replays JSON Lines, CSV or a JSON array as a bounded stream. Reads
 * in 1 MiB chunks and, between chunks, yields to the event loop at a checkpointable position
 * (`ctx.boundary()`); inside a chunk every record goes through the pipeline as plain
 * synchronous calls. Its checkpointed position is the byte offset and line number of the next
 * unread line (JSONL, CSV) or the next element's index (JSON array), with the watermark
 * generator's state.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import { readLines, type Line, type LinePosition } from '../../connectors/line-reader.ts';
import { CsvRecordParser, isBad, parseJsonLine, resolveFormat } from '../../connectors/record-formats.ts';
import { SourceEmitter, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import type { FileSourceConfig } from './spec.ts';

/** Checkpointed state of a file source. */
export interface FileSourceSnapshot {
  position: LinePosition;
  /** JSON arrays: index of the next element. */
  index: number;
  emitter: EmitterSnapshot;
}

/** Lines between checkpointable boundaries at full speed. */
const BOUNDARY_LINES = 2048;

export function fileSource(ctx: OperatorContext<FileSourceConfig>): SourceOperator {
  const config = ctx.config;
  const path = ctx.resolvePath(config.path);
  const file = basename(path);
  const format = resolveFormat(path, config.format);
  const emitter = new SourceEmitter(ctx, {
    time: config.time,
    watermarks: config.watermarks,
    speed: ctx.speed ?? config.speed,
    disorder: config.disorder,
    file,
  });
  const paced = (ctx.speed ?? config.speed) !== 'max';
  let position: LinePosition = { offset: 0, line: 1 };
  let index = 0;
  const progress = (read: number, size: number): void => {
    ctx.metrics.progress = size === 0 ? 1 : read / size;
  };

  async function between(): Promise<boolean> {
    emitter.tick();
    return ctx.boundary();
  }

  async function replayJsonLines(): Promise<boolean> {
    for await (const { lines, next } of readLines(path, position, progress)) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as Line;
        // Boundaries (where barriers enter) every BOUNDARY_LINES lines, and before every line
        // when paced, so checkpoints keep their interval however large a chunk is.
        if (paced || (i > 0 && i % BOUNDARY_LINES === 0)) {
          position = { offset: line.offset, line: line.number };
          if (!(await between())) return false;
        }
        const r = parseJsonLine(line.text, line.number);
        if (r === undefined) continue;
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else if (paced) await emitter.offerPaced(r.row, r.line);
        else emitter.offer(r.row, r.line);
      }
      position = next;
      if (!(await between())) return false;
    }
    return true;
  }

  /** The position after the last line that the parser turned into records. */
  function csvResume(lines: readonly Line[], next: LinePosition, lastRecordLine: number): LinePosition {
    if (lastRecordLine >= next.line - 1) return next;
    const after = lines.find((l) => l.number === lastRecordLine + 1);
    return after ? { offset: after.offset, line: after.number } : position;
  }

  async function replayCsv(): Promise<boolean> {
    const parser = new CsvRecordParser({ delimiter: config.csv?.delimiter, columns: config.csv?.columns });
    // After a restore the header is read again, then parsing resumes at `position`.
    const resumed = position.line > 1;
    let lineShift = 0;
    if (resumed) {
      for await (const { lines } of readLines(path)) {
        parser.push((lines[0]?.text ?? '') + '\n');
        break;
      }
      lineShift = position.line - 2;
    }
    let lastRecordLine = position.line - 1;
    const handle = async (items: ReturnType<CsvRecordParser['push']>): Promise<void> => {
      for (const r of items) {
        const line = r.line + lineShift;
        if (line > lastRecordLine) lastRecordLine = line;
        if (isBad(r)) emitter.bad(line, r.reason, r.raw);
        else {
          if (paced) await emitter.offerPaced(r.row, line);
          else emitter.offer(r.row, line);
        }
      }
    };
    for await (const { lines, next } of readLines(path, position, progress)) {
      await handle(parser.push(lines.map((l) => l.text + '\n').join('')));
      position = csvResume(lines, next, lastRecordLine);
      if (!(await between())) return false;
    }
    await handle(await parser.end());
    return true;
  }

  async function replayJsonArray(): Promise<boolean> {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!Array.isArray(value)) throw new Error(`node ${ctx.nodeId}: ${file} is not a JSON array`);
    for (; index < value.length; ) {
      const item: unknown = value[index];
      index++;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) emitter.bad(index, `element ${index} is not an object`, JSON.stringify(item));
      else {
        if (paced) await emitter.offerPaced(item as Record<string, unknown>, index);
        else emitter.offer(item as Record<string, unknown>, index);
      }
      if (index % 10_000 === 0) {
        progress(index, value.length);
        if (!(await between())) return false;
      }
    }
    return true;
  }

  return {
    async run() {
      ctx.metrics.progress = 0;
      const completed = format === 'jsonl' ? await replayJsonLines() : format === 'csv' ? await replayCsv() : await replayJsonArray();
      if (!completed || !(await ctx.boundary({ ending: true }))) return;
      ctx.metrics.progress = 1;
      emitter.finish();
    },
    snapshotState(): FileSourceSnapshot {
      return { position: { ...position }, index, emitter: emitter.snapshot() };
    },
    restoreState(state) {
      const s = state as FileSourceSnapshot;
      position = { ...s.position };
      index = s.index;
      emitter.restore(s.emitter);
    },
  };
}

export const fileSourceOperator: OperatorFactory<FileSourceConfig> = { kind: 'source', create: fileSource };

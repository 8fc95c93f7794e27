/**
 * The `fileSource` node: replays JSON Lines, CSV or a JSON array (each optionally gzip or
 * zstd compressed), Parquet or Avro as a bounded stream. Parquet and Avro go through
 * `connectors/formats/replay-blocks.ts` (position: block + record); compressed line formats
 * keep offsets in the decompressed bytes and restore by re-reading and skipping. Reads
 * in 1 MiB chunks and, between chunks, yields to the event loop at a checkpointable position
 * (`ctx.boundary()`); inside a chunk every record goes through the pipeline as plain
 * synchronous calls. Its checkpointed position is the byte offset and line number of the next
 * unread line (JSONL; CSV: the first line of a record not yet read whole) or the next
 * element's index (JSON array), with the watermark generator's state. Unreadable lines (invalid
 * UTF-8, longer than `maxLineBytes`, malformed) go to `errors` one by one; see `line-reader.ts`
 * and `csv-records.ts`. Pulled by the merge of an aligned replay, it reads one record at a time
 * (`file-pull.ts`).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import { readLines, type Line, type LinePosition } from '../../connectors/line-reader.ts';
import { CsvRecordReader } from '../../connectors/csv-records.ts';
import { isBad, parseJsonLine, type BadRecord, type ReadRecord } from '../../connectors/record-formats.ts';
import { readWhole } from '../../connectors/formats/byte-source.ts';
import { detectFormat, type Compression } from '../../connectors/formats/detect.ts';
import { replayAvro, replayParquet, type BlockPosition, type BlockReplay } from '../../connectors/formats/replay-blocks.ts';
import { SourceEmitter, type ChangeDecoder, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import { pullFile, type FilePull } from './file-pull.ts';
import type { PullSource } from '../../runtime/replay/pull-source.ts';
import type { FileSourceConfig } from './spec.ts';

/** Checkpointed state of a file source. */
export interface FileSourceSnapshot {
  position: LinePosition;
  /** JSON arrays: index of the next element. */
  index: number;
  /** Parquet (row group, row) and Avro (block offset, record); absent in older checkpoints. */
  block?: BlockPosition;
  emitter: EmitterSnapshot;
}

/** Lines between checkpointable boundaries at full speed. */
const BOUNDARY_LINES = 2048;

/**
 * The file source over `ctx.config`. `decode`: what a changelog source reading through it
 * (`cdcSource`) makes of each read record (see `SourceEmitter`); absent, records pass as read.
 */
export function fileSource(ctx: OperatorContext<FileSourceConfig>, decode?: ChangeDecoder): SourceOperator {
  const config = ctx.config;
  const path = ctx.resolvePath(config.path);
  const file = basename(path);
  // Told at run time, so that a missing file fails the run like a read error, not the build.
  let compression: Compression = 'none';
  const emitter = new SourceEmitter(ctx, {
    time: config.time,
    watermarks: config.watermarks,
    speed: ctx.speed ?? config.speed,
    disorder: config.disorder,
    file,
    ...(decode ? { decode } : {}),
  });
  const paced = (ctx.speed ?? config.speed) !== 'max';
  let position: LinePosition = { offset: 0, line: 1 };
  let index = 0;
  let block: BlockPosition = { block: 0, record: 0, ordinal: 0 };
  const progress = (read: number, size: number): void => {
    ctx.metrics.progress = size === 0 ? 1 : read / size;
  };

  async function between(): Promise<boolean> {
    emitter.tick();
    return ctx.boundary();
  }

  const reading = () => ({ maxLineBytes: config.maxLineBytes, invalidUtf8: config.invalidUtf8, compression });

  async function replayJsonLines(): Promise<boolean> {
    for await (const { lines, next } of readLines(path, { ...reading(), start: position, onProgress: progress })) {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as Line;
        // Boundaries (where barriers enter) every BOUNDARY_LINES lines, and before every line
        // when paced, so checkpoints keep their interval however large a chunk is.
        if (paced || (i > 0 && i % BOUNDARY_LINES === 0)) {
          position = { offset: line.offset, line: line.number };
          if (!(await between())) return false;
        }
        if (line.error !== undefined) {
          emitter.bad(line.number, line.error, line.text);
          continue;
        }
        const r = parseJsonLine(line.text, line.number);
        if (r === undefined) continue;
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else if (paced) await emitter.offerPaced(r.row, r.line);
        else emitter.offer(r.row, r.line);
      }
      // After a chunk, or while a long line is read (no lines yet: `next` is its start).
      position = next;
      if (!(await between())) return false;
    }
    return true;
  }

  async function replayCsv(): Promise<boolean> {
    const csv = new CsvRecordReader({ delimiter: config.csv?.delimiter, columns: config.csv?.columns, maxRecordBytes: config.maxLineBytes, source: file });
    // After a restore the header is read again, then parsing resumes at `position`.
    if (position.line > 1) {
      for await (const { lines } of readLines(path, reading())) if (csv.takeHeader(lines)) break;
    }
    const handle = async (items: readonly (ReadRecord | BadRecord)[]): Promise<void> => {
      for (const r of items) {
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else if (paced) await emitter.offerPaced(r.row, r.line);
        else emitter.offer(r.row, r.line);
      }
    };
    // Boundaries every BOUNDARY_LINES lines (every line when paced), as for JSON Lines; a
    // record still open there (a quoted field across lines) is read again from its first line.
    const step = paced ? 1 : BOUNDARY_LINES;
    for await (const { lines, next } of readLines(path, { ...reading(), start: position, onProgress: progress })) {
      for (let i = 0; i < lines.length; i += step) {
        if (i > 0) {
          const line = lines[i] as Line;
          position = csv.resumeAt({ offset: line.offset, line: line.number });
          if (!(await between())) return false;
        }
        await handle(csv.push(i === 0 && lines.length <= step ? lines : lines.slice(i, i + step)));
      }
      position = csv.resumeAt(next);
      if (!(await between())) return false;
    }
    await handle(csv.end());
    return true;
  }

  async function replayJsonArray(): Promise<boolean> {
    const text = (await readWhole(path, compression)).toString('utf8');
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
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

  let pulled: FilePull | undefined;
  const blocks: BlockReplay = {
    offer: (row, number) => (paced ? emitter.offerPaced(row, number) : void emitter.offer(row, number)),
    bad: (number, reason, raw) => emitter.bad(number, reason, raw),
    between: async (at) => {
      block = at;
      return between();
    },
    progress: (fraction) => void (ctx.metrics.progress = fraction),
  };

  /** Pulled by the merge of an aligned replay: line formats only (Parquet and Avro run chunked beside it). */
  function pull(): PullSource {
    ctx.metrics.progress = 0;
    const detected = detectFormat(path, config.format, config.compression);
    compression = detected.compression;
    const format = detected.format;
    if (format === 'parquet' || format === 'avro') throw new Error(`a ${format} file cannot be pulled by the merge`);
    const csv = format === 'csv' ? new CsvRecordReader({ delimiter: config.csv?.delimiter, columns: config.csv?.columns, maxRecordBytes: config.maxLineBytes, source: file }) : undefined;
    pulled = pullFile(ctx, { path, file, format, speed: ctx.speed ?? config.speed, emitter, reading: { ...reading(), onProgress: progress }, start: position, startIndex: index, csv });
    return pulled.source;
  }

  // Parquet and Avro are read block by block and cannot be pulled record by record; the format
  // is known without reading when it is set or the extension tells it (else the file's first
  // bytes decide, read here; a missing file fails later, when the run reads it).
  let pullable = true;
  try {
    const f = detectFormat(path, config.format, config.compression).format;
    pullable = f !== 'parquet' && f !== 'avro';
  } catch {
    pullable = true;
  }

  return {
    ...(pullable ? { pull } : {}),
    async run() {
      ctx.metrics.progress = 0;
      emitter.emitReady();
      const detected = detectFormat(path, config.format, config.compression);
      compression = detected.compression;
      const every = paced ? 1 : BOUNDARY_LINES;
      let completed: boolean;
      switch (detected.format) {
        case 'jsonl':
          completed = await replayJsonLines();
          break;
        case 'csv':
          completed = await replayCsv();
          break;
        case 'json':
          completed = await replayJsonArray();
          break;
        case 'parquet':
          completed = await replayParquet(path, block, blocks, every);
          break;
        case 'avro':
          completed = await replayAvro(path, block, blocks, every, (await stat(path)).size);
          break;
      }
      if (!completed || !(await ctx.boundary({ ending: true }))) return;
      ctx.metrics.progress = 1;
      emitter.finish();
    },
    snapshotState(): FileSourceSnapshot {
      if (pulled) return { position: pulled.position(), index: pulled.index(), block: { ...block }, emitter: emitter.snapshot() };
      return { position: { ...position }, index, block: { ...block }, emitter: emitter.snapshot() };
    },
    async close() {
      await pulled?.close();
    },
    restoreState(state) {
      const s = state as FileSourceSnapshot;
      position = { ...s.position };
      index = s.index;
      block = s.block ? { ...s.block } : { block: 0, record: 0, ordinal: 0 };
      emitter.restore(s.emitter);
    },
  };
}

export const fileSourceOperator: OperatorFactory<FileSourceConfig> = { kind: 'source', create: (ctx) => fileSource(ctx) };

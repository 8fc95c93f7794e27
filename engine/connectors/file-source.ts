/**
 * The `fileSource` node: replays JSON Lines, CSV or a JSON array as a bounded stream. Reads
 * in 1 MiB chunks and yields to the event loop between them (so the host stays responsive and
 * periodic watermarks fire); inside a chunk every record goes through the pipeline as plain
 * synchronous calls.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileSourceConfig } from '../pipeline/nodes/sources.ts';
import type { OperatorContext } from '../runtime/operator-context.ts';
import type { SourceOperator } from '../runtime/operator.ts';
import { readLines } from './line-reader.ts';
import { CsvRecordParser, isBad, parseJsonLine, resolveFormat } from './record-formats.ts';
import { SourceEmitter } from './source-emitter.ts';

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
  const progress = (read: number, size: number): void => {
    ctx.metrics.progress = size === 0 ? 1 : read / size;
  };

  async function between(): Promise<boolean> {
    emitter.tick();
    await ctx.whenRunning();
    await ctx.clock.yield();
    return !ctx.stopped();
  }

  async function replayJsonLines(): Promise<void> {
    for await (const lines of readLines(path, undefined, progress)) {
      for (const line of lines) {
        const r = parseJsonLine(line.text, line.number);
        if (r === undefined) continue;
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else {
          if (paced) await emitter.offerPaced(r.row, r.line);
          else emitter.offer(r.row, r.line);
        }
      }
      if (!(await between())) return;
    }
  }

  async function replayCsv(): Promise<void> {
    const parser = new CsvRecordParser({ delimiter: config.csv?.delimiter, columns: config.csv?.columns });
    const handle = async (items: ReturnType<CsvRecordParser['push']>): Promise<void> => {
      for (const r of items) {
        if (isBad(r)) emitter.bad(r.line, r.reason, r.raw);
        else {
          if (paced) await emitter.offerPaced(r.row, r.line);
          else emitter.offer(r.row, r.line);
        }
      }
    };
    for await (const lines of readLines(path, undefined, progress)) {
      await handle(parser.push(lines.map((l) => l.text + '\n').join('')));
      if (!(await between())) return;
    }
    await handle(await parser.end());
  }

  async function replayJsonArray(): Promise<void> {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!Array.isArray(value)) throw new Error(`node ${ctx.nodeId}: ${file} is not a JSON array`);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) emitter.bad(i + 1, `element ${i + 1} is not an object`, JSON.stringify(item));
      else {
        if (paced) await emitter.offerPaced(item as Record<string, unknown>, i + 1);
        else emitter.offer(item as Record<string, unknown>, i + 1);
      }
      if (i % 10_000 === 9_999) {
        progress(i + 1, value.length);
        if (!(await between())) return;
      }
    }
  }

  return {
    async run() {
      ctx.metrics.progress = 0;
      if (format === 'jsonl') await replayJsonLines();
      else if (format === 'csv') await replayCsv();
      else await replayJsonArray();
      if (ctx.stopped()) return;
      ctx.metrics.progress = 1;
      emitter.finish();
    },
  };
}

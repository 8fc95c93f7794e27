/**
 * Sink operators. `fileSink` appends one JSON line per record to `<out>/<nodeId>.jsonl` (or its
 * `path`), buffered and written synchronously in 1 MiB blocks; `consoleSink` prints JSON
 * lines on stdout; `previewSink` keeps the latest `limit` records for the editor.
 * With checkpoints on, the file sink is exactly-once (two-phase commit per checkpoint epoch,
 * see `transactional-file.ts`); console and preview sinks are at-most/at-least-once views and
 * say so.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConsoleSinkConfig, FileSinkConfig, PreviewSinkConfig } from '../pipeline/nodes/sinks.ts';
import type { Operator } from '../runtime/operator.ts';
import type { OperatorContext } from '../runtime/operator-context.ts';
import { SampleRing, type SampledRecord } from '../runtime/sample-ring.ts';
import { TransactionalFile, type TransactionalFileSnapshot } from './transactional-file.ts';

const FLUSH_AT = 1 << 20;

/** Where a file sink writes: `--out DIR` wins over the node's `path`. @throws Error if neither. */
export function fileSinkPath(ctx: OperatorContext<FileSinkConfig>): string {
  if (ctx.outDir !== undefined) return join(ctx.outDir, `${ctx.nodeId}.jsonl`);
  if (ctx.config.path !== undefined) return ctx.resolvePath(ctx.config.path);
  throw new Error(`node ${ctx.nodeId}: the file sink has no "path"; set one or run with --out DIR`);
}

export function fileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  return ctx.checkpointing ? exactlyOnceFileSink(ctx) : plainFileSink(ctx);
}

/** With checkpoints: output becomes visible per completed checkpoint, never twice. */
function exactlyOnceFileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  const file = new TransactionalFile(fileSinkPath(ctx));
  const m = ctx.metrics;
  let restored: TransactionalFileSnapshot | undefined;
  const prepared = new Map<number, TransactionalFileSnapshot>();
  return {
    restoreState(state) {
      restored = state as TransactionalFileSnapshot;
    },
    open() {
      const note = restored ? file.recover(restored) : file.startFresh();
      if (note) ctx.log(`${file.path}: ${note}`);
    },
    processElement(row) {
      m.accepted++;
      file.write(JSON.stringify(row) + '\n');
    },
    snapshotState(checkpointId) {
      const s = file.preCommit(checkpointId);
      prepared.set(checkpointId, s);
      return s;
    },
    notifyCheckpointComplete(checkpointId) {
      const s = prepared.get(checkpointId);
      if (!s) return;
      prepared.delete(checkpointId);
      file.commit(checkpointId, s);
    },
    stateShape: () => 'fileSink',
    close: () => file.close(),
  };
}

function plainFileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  const path = fileSinkPath(ctx);
  const m = ctx.metrics;
  let fd: number | undefined;
  let buffer = '';
  const flush = (): void => {
    if (buffer.length === 0 || fd === undefined) return;
    writeSync(fd, buffer);
    buffer = '';
  };
  return {
    open() {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'w');
    },
    processElement(row) {
      m.accepted++;
      buffer += JSON.stringify(row) + '\n';
      if (buffer.length >= FLUSH_AT) flush();
    },
    endInput: flush,
    close() {
      flush();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

export function consoleSink(ctx: OperatorContext<ConsoleSinkConfig>): Operator {
  const m = ctx.metrics;
  let buffer = '';
  const flush = (): void => {
    if (buffer.length > 0) process.stdout.write(buffer);
    buffer = '';
  };
  return {
    open() {
      if (ctx.checkpointing) ctx.log('the console sink is not exactly-once: after a restore, records since the last checkpoint are printed again');
    },
    processElement(row) {
      m.accepted++;
      buffer += ctx.config.prefix + JSON.stringify(row) + '\n';
      if (buffer.length >= 64 * 1024) flush();
    },
    processWatermark: flush,
    close: flush,
  };
}

/** An operator whose latest records the host can read (the preview sink). */
export interface PreviewOperator extends Operator {
  latest(): SampledRecord[];
}

export function previewSink(ctx: OperatorContext<PreviewSinkConfig>): PreviewOperator {
  const ring = new SampleRing(ctx.config.limit);
  const m = ctx.metrics;
  return {
    open() {
      if (ctx.checkpointing) ctx.log('the preview sink is not exactly-once: it keeps the latest records in memory and is not restored');
    },
    processElement(row, ts) {
      m.accepted++;
      ring.record(row, ts);
    },
    latest: () => ring.latest(),
  };
}

/**
 * `fileSink`: appends one JSON line per record to `<out>/<nodeId>.jsonl` (or its `path`),
 * buffered and written synchronously in 1 MiB blocks. With checkpoints on it is exactly-once:
 * a two-phase commit per checkpoint epoch (`engine/connectors/transactional-file.ts`).
 * `mode: "changelog"` writes each change as `{"op","row"}` through the same paths; `mode:
 * "upsert"` materializes the table instead (`upsert-sink.ts`).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { TransactionalFile, type TransactionalFileSnapshot } from '../../connectors/transactional-file.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { rowKind } from '../../runtime/changelog/row-kind.ts';
import type { FileSinkConfig } from './spec.ts';
import { upsertFileSink } from './upsert-sink.ts';

const FLUSH_AT = 1 << 20;

/** Where a file sink writes: `--out DIR` wins over the node's `path`. @throws Error if neither. */
export function fileSinkPath(ctx: OperatorContext<FileSinkConfig>): string {
  if (ctx.outDir !== undefined) return join(ctx.outDir, `${ctx.nodeId}.jsonl`);
  if (ctx.config.path !== undefined) return ctx.resolvePath(ctx.config.path);
  throw new Error(`node ${ctx.nodeId}: the file sink has no "path"; set one or run with --out DIR`);
}

export function fileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  if (ctx.config.mode === 'upsert') return upsertFileSink(ctx, fileSinkPath(ctx));
  return ctx.checkpointing ? exactlyOnceFileSink(ctx) : plainFileSink(ctx);
}

/** One line of output: the record, or in changelog mode the change (`{"op":"-U","row":{…}}`). */
function lineFormat(ctx: OperatorContext<FileSinkConfig>): (row: DataRecord) => string {
  return ctx.config.mode === 'changelog' ? (row) => `{"op":"${rowKind(row)}","row":${JSON.stringify(row)}}\n` : (row) => JSON.stringify(row) + '\n';
}

/** With checkpoints: output becomes visible per completed checkpoint, never twice. */
function exactlyOnceFileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  const file = new TransactionalFile(fileSinkPath(ctx), ctx.persist);
  const m = ctx.metrics;
  const line = lineFormat(ctx);
  let restored: TransactionalFileSnapshot | undefined;
  const prepared = new Map<number, TransactionalFileSnapshot>();
  let committing: Promise<void> = Promise.resolve();
  return {
    restoreState(state) {
      restored = state as TransactionalFileSnapshot;
    },
    async open() {
      const note = restored ? await file.recover(restored) : file.startFresh();
      if (note) ctx.log(`${file.path}: ${note}`);
    },
    processElement(row) {
      m.accepted++;
      file.write(line(row));
    },
    snapshotState(checkpointId) {
      const s = file.preCommit(checkpointId);
      prepared.set(checkpointId, s);
      return s;
    },
    snapshotDurable: () => file.durable(),
    notifyCheckpointComplete(checkpointId) {
      const s = prepared.get(checkpointId);
      if (!s) return;
      prepared.delete(checkpointId);
      // Commits run in checkpoint order; a failure is reported and the pending epoch stays on
      // disk, so a restore appends it again.
      committing = committing.then(() => file.commit(checkpointId, s)).catch((error: unknown) => ctx.log(`${file.path}: committing checkpoint ${checkpointId} failed: ${(error as Error).message}`));
    },
    stateShape: () => 'fileSink',
    async close() {
      await committing;
      file.close();
    },
  };
}

function plainFileSink(ctx: OperatorContext<FileSinkConfig>): Operator {
  const path = fileSinkPath(ctx);
  const m = ctx.metrics;
  const line = lineFormat(ctx);
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
      buffer += line(row);
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

export const fileSinkOperator: OperatorFactory<FileSinkConfig> = { kind: 'operator', create: fileSink };

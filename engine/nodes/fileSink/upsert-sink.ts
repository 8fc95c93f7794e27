/**
 * `fileSink` in `mode: "upsert"`: materializes a changelog into the table it describes, by
 * primary key (Flink's `SinkUpsertMaterializer` in front of an upsert sink): `+I`/`+U` put the
 * row under its key, `-U`/`-D` remove the key's row, so a retract stream whose updates move a
 * row to another key ends right. The table is operator state (checkpointed whole) and the
 * file is rewritten whole — a temporary file, made durable, renamed over `path` — when a
 * checkpoint completes (the table as of that checkpoint's barrier) and at the end of input,
 * so at any moment the file is the table of a completed checkpoint, and when the input ends,
 * the final table. Rows are written in key order (keys compared as strings). The cost is the
 * table's size per checkpoint; Flink's upsert sinks write per change to a keyed store instead.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Operator } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { fieldKeySelector } from '../../runtime/key-selector.ts';
import { isAccumulate, rowKind } from '../../runtime/changelog/row-kind.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { FileSinkConfig } from './spec.ts';

/** What a checkpoint holds for an upsert file sink: the table's rows by key. */
export interface UpsertSinkSnapshot {
  rows: [string, DataRecord][];
}

/** The upsert sink writing `path` (`fileSinkPath`). */
export function upsertFileSink(ctx: OperatorContext<FileSinkConfig>, path: string): Operator {
  const selector = fieldKeySelector(ctx.config.key ?? []);
  const m = ctx.metrics;
  let table = new Map<string, DataRecord>();
  const prepared = new Map<number, [string, DataRecord][]>();
  let writing: Promise<void> = Promise.resolve();

  /** Writes `rows`, in key order, to the temporary file beside `path`; @returns its path. */
  const writeTable = (rows: [string, DataRecord][]): string => {
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let text = '';
    for (const [, row] of rows) text += JSON.stringify(row) + '\n';
    const tmp = `${path}.tributary-upsert.tmp`;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text);
    return tmp;
  };
  /** Writes `rows` as the whole file: temporary file, durable, then renamed over `path`. */
  const commit = async (rows: [string, DataRecord][]): Promise<void> => {
    const tmp = writeTable(rows);
    await ctx.persist(tmp);
    renameSync(tmp, path);
    await ctx.persist(dirname(path));
  };

  return {
    restoreState(state) {
      table = new Map((state as UpsertSinkSnapshot).rows);
    },
    open() {
      // The file starts as the table restored (empty on a fresh run), as a completed checkpoint left it.
      renameSync(writeTable([...table]), path);
    },
    processElement(row) {
      m.accepted++;
      const key = selector.key(row);
      if (isAccumulate(rowKind(row))) table.set(key, row);
      else table.delete(key);
    },
    snapshotState(checkpointId): UpsertSinkSnapshot {
      const rows = [...table];
      prepared.set(checkpointId, rows);
      return { rows };
    },
    notifyCheckpointComplete(checkpointId) {
      const rows = prepared.get(checkpointId);
      if (!rows) return;
      for (const id of prepared.keys()) if (id <= checkpointId) prepared.delete(id);
      writing = writing.then(() => commit([...rows])).catch((error: unknown) => ctx.log(`${path}: writing the table of checkpoint ${checkpointId} failed: ${(error as Error).message}`));
    },
    endInput() {
      const rows = [...table];
      writing = writing.then(() => commit(rows));
    },
    stateShape: () => `fileSink upsert by ${(ctx.config.key ?? []).join(',')}`,
    async close() {
      await writing;
    },
  };
}

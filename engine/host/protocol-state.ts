/**
 * Protocol schemas of checkpoints, savepoints and keyed state in the studio (`protocol.ts` lists
 * the calls): a checkpoint's figures, a run's checkpointing and restore point, and the results
 * of `statePoints`, `stateInfo`, `stateKeys` and `stateDiff`. Pure zod, no Node modules.
 */
import { z } from 'zod';
import { CheckpointId, WorkspacePath } from './protocol-common.ts';

/** A checkpoint's figures (`engine/runtime/checkpoint/snapshot.ts`, `CheckpointMetrics`); times in ms. */
export const CheckpointMetricsSchema = z.object({
  id: CheckpointId,
  durationMs: z.number(),
  alignmentMs: z.number(),
  bytes: z.number(),
  keys: z.number(),
  /** Wall-clock trigger time, epoch ms. */
  triggeredAt: z.number().optional(),
  /** Per node: bytes of its parts and its keyed-state entries. */
  nodes: z.record(z.string(), z.object({ bytes: z.number(), keys: z.number() })).optional(),
});

/** Checkpointing of a studio run: the store's folder (workspace path) and the interval. */
export const RunCheckpointingSchema = z.object({
  dir: WorkspacePath,
  /** Overrides the document's `checkpoint.intervalMs` (processing time). */
  intervalMs: z.number().int().positive().max(86_400_000).optional(),
});

/** What a run restores: checkpoint `checkpoint` of the run's own store, or a savepoint directory. */
export const RunRestoreSchema = z.union([z.object({ checkpoint: CheckpointId }), z.object({ savepoint: WorkspacePath })]);

const JsonTreeSchema: z.ZodType<unknown> = z.unknown();

/** One key's state (`tributary state --json`): entries by state name, and its event-time timers. */
export const StateKeySchema = z.object({
  key: z.string(),
  bytes: z.number(),
  state: z.record(z.string(), z.object({ kind: z.string(), value: JsonTreeSchema })),
  timers: z.array(z.object({ timestamp: z.number(), namespace: z.union([z.string(), z.number()]) })),
});

/** `statePoints`: the retained checkpoints (newest first) and the savepoints of a store. */
export const StatePointsResultSchema = z.object({
  busy: z.boolean(),
  checkpoints: z.array(z.object({ id: CheckpointId, time: z.number(), finished: z.boolean(), metrics: CheckpointMetricsSchema.optional() })),
  savepoints: z.array(z.object({ dir: WorkspacePath, name: z.string(), checkpointId: z.number(), time: z.number() })),
});

/** `stateInfo`: a checkpoint or savepoint described: its nodes and their declared state. */
export const StateInfoResultSchema = z.object({
  kind: z.enum(['checkpoint', 'savepoint', 'live']),
  checkpointId: z.number().optional(),
  name: z.string().optional(),
  time: z.number(),
  pipeline: z.string(),
  finished: z.boolean().optional(),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      type: z.string(),
      shape: z.string(),
      chunks: z.number(),
      bytes: z.number().optional(),
      keys: z.number().optional(),
      watermark: z.number().optional(),
      operator: JsonTreeSchema.optional(),
      declared: z.array(z.object({ name: z.string(), kind: z.enum(['value', 'map', 'list', 'timers']), description: z.string() })),
    }),
  ),
});

/** `stateKeys`: a page of one node's keys at a point. */
export const StateKeysResultSchema = z.object({
  summary: z.object({ keys: z.number(), entries: z.number(), timers: z.number(), bytes: z.number() }),
  keys: z.array(StateKeySchema),
  next: z.string().optional(),
});

/** `stateDiff`: one node's keys added, removed and changed between two points. */
export const StateDiffResultSchema = z.object({
  added: z.number(),
  removed: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  changes: z.array(z.object({ key: z.string(), change: z.enum(['added', 'removed', 'changed']), names: z.array(z.string()), timers: z.boolean() })),
  truncated: z.boolean(),
});

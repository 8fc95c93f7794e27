/**
 * The event-time debugger's calls (issue 17), part of the host protocol (`protocol.ts` spreads
 * `DEBUG_CALLS` into its call list). A run started with `debug` is stepped by `debugStep` (one
 * record, N records, until a watermark, or to the next breakpoint), shows every node with
 * `debugView`, lists a node's open windows with `debugWindows` and explains why a window has not
 * fired with `debugWhy`. Shapes: `engine/runtime/debug/debug-types.ts`. Times are epoch ms;
 * watermarks are null before the first one and when final (+∞: `finished`, `ended`).
 * Pure zod, no Node modules: the renderer imports these schemas and types.
 */
import { z } from 'zod';
import { RunId } from './protocol-common.ts';
import { MetricsSnapshotSchema } from './protocol-metrics.ts';

/**
 * `run`'s `debug` option: start paused (default) so that nothing moves before the first step;
 * `punctuated` (default) makes every source emit a watermark after each record with no idleness
 * timeout (as `tributary test` does), so each step is reproducible; `pipeline` keeps the
 * pipeline's own (periodic) watermarks.
 */
export const RunDebugSchema = z.object({
  startPaused: z.boolean().default(true),
  watermarks: z.enum(['punctuated', 'pipeline']).default('punctuated'),
});

export const StepRequestSchema = z.union([
  z.object({ records: z.number().int().min(1).max(1_000_000_000) }),
  z.object({ untilWatermark: z.number().finite(), nodeId: z.string().min(1).optional() }),
  z.object({ toBreakpoint: z.literal(true) }),
]);

export const BreakpointSchema = z.object({
  id: z.string().min(1).max(100),
  nodeId: z.string().min(1),
  on: z.enum(['late', 'error', 'fire']),
  /** `fire` only: the key as the key selector renders it (several fields joined by U+001F). */
  key: z.string().max(10_000).optional(),
});

export const BreakpointHitSchema = z.object({
  breakpointId: z.string(),
  nodeId: z.string(),
  on: z.enum(['late', 'error', 'fire']),
  record: z.unknown(),
  eventTime: z.number(),
  watermark: z.number().nullable(),
  key: z.string().optional(),
});

export const DebugNodeViewSchema = MetricsSnapshotSchema.extend({
  timers: z.number(),
  openWindows: z.number().nullable(),
  held: z.number(),
  channels: z.array(z.object({ from: z.string(), port: z.string(), watermark: z.number().nullable(), idle: z.boolean(), ended: z.boolean() })),
});

export const DebugViewSchema = z.object({
  status: z.enum(['paused', 'running', 'finished', 'stopped', 'failed']),
  reason: z.enum(['start', 'records', 'watermark', 'breakpoint', 'end']),
  stepped: z.number(),
  emitted: z.number(),
  hit: BreakpointHitSchema.optional(),
  nodes: z.array(DebugNodeViewSchema),
});

export const OpenWindowSchema = z.object({
  key: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
  fireTime: z.number(),
  fired: z.boolean(),
  cleanupTime: z.number().optional(),
  count: z.number().optional(),
  aggregates: z.record(z.string(), z.unknown()).optional(),
});

export const OpenWindowsViewSchema = z.object({ nodeId: z.string(), watermark: z.number().nullable(), total: z.number(), windows: z.array(OpenWindowSchema) });

/** One link of a "why": a node whose watermark is the minimum of its inputs, or the source that holds it. */
export const WhyStepSchema = z.object({
  nodeId: z.string(),
  watermark: z.number().nullable(),
  /** `source`: the link that holds the watermark back; `input`: a node whose watermark is its slowest input's. */
  kind: z.enum(['input', 'source']),
  /** Inputs: the edge's upstream node that holds the minimum. */
  heldBy: z.string().optional(),
  idle: z.boolean().optional(),
  /** Sources: the newest event time emitted and the out-of-orderness bound (ms). */
  maxEventTime: z.number().nullable().optional(),
  boundMs: z.number().optional(),
});

export const WhyResultSchema = z.object({
  nodeId: z.string(),
  window: OpenWindowSchema.optional(),
  /** The node's watermark now. */
  watermark: z.number().nullable(),
  /** The explanation, in words and figures. */
  text: z.string(),
  chain: z.array(WhyStepSchema),
});

export const DEBUG_CALLS = {
  /**
   * One step of a run started with `debug` (it must be paused): `{ records: N }`, `{ untilWatermark,
   * nodeId? }` (epoch ms; without a node: the smallest watermark of all nodes) or `{ toBreakpoint:
   * true }`; a breakpoint that hits ends any step. Answers where the run paused.
   */
  debugStep: { args: z.object({ runId: RunId, step: StepRequestSchema }), result: DebugViewSchema },
  /** Replaces the run's breakpoints (they count from the next record). */
  debugBreakpoints: { args: z.object({ runId: RunId, breakpoints: z.array(BreakpointSchema).max(1000) }), result: z.object({}) },
  /** Every node of a debugged run now (open windows counted only while paused). */
  debugView: { args: z.object({ runId: RunId }), result: DebugViewSchema },
  /** A node's open windows (or pending timers) by fire time, the first `limit`; the run must be paused. */
  debugWindows: {
    args: z.object({ runId: RunId, nodeId: z.string().min(1), limit: z.number().int().positive().max(10_000).default(500) }),
    result: OpenWindowsViewSchema,
  },
  /**
   * "Why hasn't this window fired?": for the window of `key` starting at `start` (default: the
   * key's first window not fired) of node `nodeId`, what it waits for, followed back along the
   * minimum input watermark to the source (or idle input) that holds it.
   */
  debugWhy: {
    args: z.object({ runId: RunId, nodeId: z.string().min(1), key: z.string().max(10_000).optional(), start: z.number().optional() }),
    result: WhyResultSchema,
  },
} as const;

export type ProtocolDebugView = z.output<typeof DebugViewSchema>;
export type ProtocolDebugNode = z.output<typeof DebugNodeViewSchema>;
export type ProtocolBreakpoint = z.output<typeof BreakpointSchema>;
export type ProtocolOpenWindows = z.output<typeof OpenWindowsViewSchema>;
export type ProtocolWhy = z.output<typeof WhyResultSchema>;
export type ProtocolStepRequest = z.output<typeof StepRequestSchema>;

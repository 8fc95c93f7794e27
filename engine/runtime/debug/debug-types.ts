/**
 * The event-time debugger's vocabulary (issue 17), shared by the job, the job runtime's messages
 * and the host protocol (whose zod schemas in `engine/host/protocol-debug.ts` describe the same
 * shapes). Flink has no debugger; the closest it offers is the web UI's watermark per operator.
 * Times are epoch milliseconds; a watermark is `null` before the first one and `finished` marks
 * the final watermark (+∞), as in `NodeMetricsSnapshot`.
 */
import type { NodeMetricsSnapshot } from '../metrics.ts';

/**
 * How far a step runs the sources: `records` records leave the sources (summed over sources);
 * until the watermark reaches `untilWatermark` (epoch ms) — node `nodeId`'s combined input
 * watermark (a source's output watermark), or without `nodeId` the smallest over every node; or,
 * with `toBreakpoint`, until a breakpoint hits or the input ends. A breakpoint that hits ends any
 * step early.
 */
export type StepRequest = { records: number } | { untilWatermark: number; nodeId?: string } | { toBreakpoint: true };

/** What a breakpoint waits for at its node. */
export type BreakpointKind = 'late' | 'error' | 'fire';

/**
 * A breakpoint on node `nodeId`: a record goes to its `late` output (`late`), a row goes to its
 * `errors` output (`error`), or one of its event-time timers fires and the node emits on `out`
 * (`fire`: a window fires; `key`: only for that key, as the key selector renders it — the field's
 * value, several fields joined by U+001F).
 */
export interface Breakpoint {
  id: string;
  nodeId: string;
  on: BreakpointKind;
  key?: string;
}

/** The breakpoint that paused the run, and what it saw. */
export interface BreakpointHit {
  breakpointId: string;
  nodeId: string;
  on: BreakpointKind;
  /** The record: the late record, the error row, or the fired window's result row. */
  record: unknown;
  /** Its event time (a fired window's result: `end - 1`). */
  eventTime: number;
  /** The node's combined input watermark when it happened (null: none yet). */
  watermark: number | null;
  /** The key (fired timers). */
  key?: string;
}

/** Why the run is where it is. */
export type PauseReason = 'start' | 'records' | 'watermark' | 'breakpoint' | 'end';

/** One input channel of a node: where its watermark comes from. */
export interface ChannelView {
  /** Upstream node and port of the edge. */
  from: string;
  port: string;
  watermark: number | null;
  idle: boolean;
  /** The input ended (its final watermark, +∞, arrived). */
  ended: boolean;
}

/** A node at a pause: its counters and watermarks, plus what it holds. */
export interface DebugNodeView extends NodeMetricsSnapshot {
  /** Event-time timers registered (windows' firing and cleanup timers, process timers). */
  timers: number;
  /** Windows created and not fired yet (window nodes; null for other nodes). */
  openWindows: number | null;
  /** Sources: records read and stamped but not emitted yet (disorder buffer, merge head). */
  held: number;
  /** Nodes with inputs: per input edge, its watermark and idleness. */
  channels: ChannelView[];
}

/** The answer to a step (and to a state query): where the run paused, and every node. */
export interface DebugView {
  /** `running`: resumed without a step (the toolbar's Resume), until a breakpoint pauses it. */
  status: 'paused' | 'running' | 'finished' | 'stopped' | 'failed';
  reason: PauseReason;
  /** Records the sources emitted during the last step. */
  stepped: number;
  /** Records the sources emitted since the run started. */
  emitted: number;
  hit?: BreakpointHit;
  nodes: DebugNodeView[];
}

/** One open window (or pending timer) of a node. */
export interface OpenWindow {
  key: string;
  /** Window bounds `[start, end)`; absent for a timer that is not a window's (process nodes). */
  start?: number;
  end?: number;
  /** When it fires: the watermark must reach this (`end - 1` for windows). */
  fireTime: number;
  /** Already fired, kept for allowed lateness until `cleanupTime`. */
  fired: boolean;
  cleanupTime?: number;
  /** Records in it, when the window counts them (a `count` aggregate). */
  count?: number;
  /** Its accumulators by aggregate name (JSON). */
  aggregates?: Record<string, unknown>;
}

/** The open windows/timers of a node, oldest fire time first, at most `limit` listed. */
export interface OpenWindowsView {
  nodeId: string;
  watermark: number | null;
  total: number;
  windows: OpenWindow[];
}

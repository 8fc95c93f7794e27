/**
 * The event-time debugger inside a job (issue 17): steps and breakpoints. A job built with
 * `debug` instruments every node once (this file's `instrument`: its `late` and `errors` calls,
 * its timers' firing, its `out` port) and its source loop asks `afterRecord()` after every record
 * a source emits; when the armed step is done or a breakpoint hit, the debugger pauses the job and
 * the loop parks at once, so a step of one record is exactly one record. Records move
 * synchronously through the graph, so when the loop parks nothing is in flight between nodes:
 * what a node has not emitted is in its state (windows, timers) or, for a source, held in its
 * disorder buffer.
 *
 * Only jobs built with `debug` pay for this: without it the job creates no debugger and the loop
 * does no check per record.
 */
import type { NodeRuntime } from '../job-types.ts';
import { MIN_WATERMARK, type DataRecord } from '../record.ts';
import { snapshotMetrics } from '../metrics.ts';
import type { Breakpoint, BreakpointHit, BreakpointKind, DebugNodeView, PauseReason, StepRequest } from './debug-types.ts';

/** An edge as the debugger needs it: which node and port feed which input. */
export interface DebugEdge {
  source: string;
  sourcePort: string;
  target: string;
}

interface Armed {
  request: StepRequest;
  /** Source records emitted when it was armed. */
  base: number;
}

/** A finite watermark, else null (−∞: none yet; +∞: ended, which `finished`/`ended` say; JSON has neither). */
function shown(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

/** Steps and breakpoints of one debugged job; see the file's header. */
export class JobDebugger {
  private armed: Armed | undefined;
  private breakpoints: Breakpoint[] = [];
  private hitNow: BreakpointHit | undefined;
  private halted: (() => void) | undefined;
  /** Why the run paused last. */
  reason: PauseReason = 'start';
  /** Source records of the last finished step. */
  lastStepped = 0;
  /** The last hit, kept for the paused view until the next step. */
  lastHit: BreakpointHit | undefined;

  /**
   * @param runtimes the job's nodes (document order)
   * @param edges the pipeline's edges (a node's input channels are its incoming edges in order)
   * @param pause closes the job's pause gate (the loop parks at its next `afterRecord`)
   */
  constructor(
    private readonly runtimes: ReadonlyMap<string, NodeRuntime>,
    private readonly edges: readonly DebugEdge[],
    private readonly pause: () => void,
  ) {}

  /** Records emitted on `out` by every source so far. */
  emitted(): number {
    let n = 0;
    for (const r of this.runtimes.values()) if (r.source) n += r.outputs.get('out')?.count ?? 0;
    return n;
  }

  /** Replaces the breakpoints. @throws Error naming a breakpoint whose node does not exist. */
  setBreakpoints(list: readonly Breakpoint[]): void {
    for (const b of list) if (!this.runtimes.has(b.nodeId)) throw new Error(`breakpoint ${b.id}: no node ${b.nodeId}`);
    this.breakpoints = [...list];
  }

  /**
   * Arms a step (the job then resumes). @returns a promise that settles when the debugger
   * paused the job again (the caller then waits for the loop to park, or for the run to end).
   * @throws Error for a bad request (records < 1, an unknown node).
   */
  arm(request: StepRequest): Promise<void> {
    if ('records' in request && !(Number.isInteger(request.records) && request.records >= 1)) throw new Error(`a step is at least one record, not ${request.records}`);
    if ('untilWatermark' in request && request.nodeId !== undefined && !this.runtimes.has(request.nodeId)) throw new Error(`no node ${request.nodeId}`);
    this.armed = { request, base: this.emitted() };
    this.hitNow = undefined;
    this.lastHit = undefined;
    this.lastStepped = 0;
    return new Promise((resolve) => (this.halted = resolve));
  }

  /** The run ended during a step: it is over, nothing to wait for. */
  ended(): void {
    if (this.armed) this.lastStepped = this.emitted() - this.armed.base;
    this.armed = undefined;
    this.reason = 'end';
    this.halted?.();
    this.halted = undefined;
  }

  /**
   * After a record left a source (and everything it caused downstream happened): whether the
   * source loop must stop at a boundary now (the debugger paused the job).
   */
  afterRecord(): boolean {
    if (this.hitNow) return this.halt('breakpoint');
    const armed = this.armed;
    if (!armed) return false;
    const r = armed.request;
    if ('records' in r) return this.emitted() - armed.base >= r.records ? this.halt('records') : false;
    if ('untilWatermark' in r) return this.watermark(r.nodeId) >= r.untilWatermark ? this.halt('watermark') : false;
    return false;
  }

  private halt(reason: PauseReason): true {
    this.reason = reason;
    this.lastHit = this.hitNow;
    this.hitNow = undefined;
    if (this.armed) this.lastStepped = this.emitted() - this.armed.base;
    this.armed = undefined;
    this.pause();
    this.halted?.();
    this.halted = undefined;
    return true;
  }

  /** Node `nodeId`'s watermark (its combined input, a source's output); without it the smallest over every node. */
  watermark(nodeId?: string): number {
    const of = (r: NodeRuntime): number => r.task?.currentWatermark ?? r.metrics.outputWatermark;
    if (nodeId !== undefined) {
      const r = this.runtimes.get(nodeId);
      return r ? of(r) : MIN_WATERMARK;
    }
    let min = Number.POSITIVE_INFINITY;
    for (const r of this.runtimes.values()) min = Math.min(min, of(r));
    return min;
  }

  private hit(r: NodeRuntime, on: BreakpointKind, record: unknown, eventTime: number, key?: string): void {
    if (this.hitNow) return;
    const b = this.breakpoints.find((x) => x.nodeId === r.nodeId && x.on === on && (x.key === undefined || x.key === key));
    if (!b) return;
    const watermark = shown(r.task?.currentWatermark ?? r.metrics.outputWatermark);
    this.hitNow = { breakpointId: b.id, nodeId: r.nodeId, on, record, eventTime, watermark, ...(key !== undefined ? { key } : {}) };
  }

  /**
   * Instruments one node before its operator is built: its context's `late` and `error`, its
   * timer service's `advance` (a timer that makes the node emit on `out` is a firing) and its
   * `out` port (the last row, for a firing's hit).
   */
  instrument(r: NodeRuntime): void {
    const ctx = r.ctx;
    if (!ctx) return;
    const late = ctx.late.bind(ctx);
    ctx.late = (row: DataRecord, timestamp: number): void => {
      late(row, timestamp);
      this.hit(r, 'late', row, timestamp);
    };
    const error = ctx.error.bind(ctx);
    ctx.error = (reason, detail, timestamp, countsInput) => {
      error(reason, detail, timestamp, countsInput);
      this.hit(r, 'error', { node: r.nodeId, reason, ...detail }, timestamp);
    };
    const out = r.outputs.get('out');
    if (!out) return;
    let last: { row: DataRecord; ts: number } | undefined;
    const emit = out.emit.bind(out);
    out.emit = (row, timestamp, inputs): void => {
      last = { row, ts: timestamp };
      emit(row, timestamp, inputs);
    };
    const timers = r.timers;
    const advance = timers.advance.bind(timers);
    timers.advance = (watermark, fire): void =>
      advance(watermark, (ts, key, namespace) => {
        const before = out.count;
        fire(ts, key, namespace);
        if (out.count > before && last) this.hit(r, 'fire', last.row, last.ts, key);
      });
  }

  /** Every node now: counters, watermarks, timers, open windows (`openWindows` from the caller), channels. */
  nodes(openWindows: ReadonlyMap<string, number>): DebugNodeView[] {
    return [...this.runtimes.values()].map((r) => {
      if (r.task) r.metrics.stateKeys = r.state.numKeys();
      const m = snapshotMetrics(r.metrics);
      const incoming = this.edges.filter((e) => e.target === r.nodeId);
      const valve = r.task?.combiner.snapshot();
      const channels = valve
        ? incoming.map((e, i) => ({ from: e.source, port: e.sourcePort, watermark: shown(valve.channels[i] ?? MIN_WATERMARK), idle: valve.idle[i] === true, ended: valve.channels[i] === Number.POSITIVE_INFINITY }))
        : [];
      const held = r.source ? Math.max(0, r.metrics.accepted - (r.outputs.get('out')?.count ?? 0)) : 0;
      return { ...m, timers: r.timers.size, openWindows: openWindows.get(r.nodeId) ?? null, held, channels };
    });
  }
}

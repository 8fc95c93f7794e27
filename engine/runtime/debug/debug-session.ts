/**
 * The debugger's calls on a job (issue 17): step, breakpoints, the paused view of every node and
 * a node's open windows. A step needs the job paused and parked; it arms the debugger, resumes,
 * and answers once the debugger paused the job again and the source loop parked — or once the
 * input ended (the answer then says `finished`: the final watermark fired every window).
 */
import type { JobStatus, NodeRuntime } from '../job-types.ts';
import { stateShape } from '../checkpoint/node-state.ts';
import type { Breakpoint, DebugView, OpenWindowsView, StepRequest } from './debug-types.ts';
import type { JobDebugger } from './job-debugger.ts';
import { isWindowShape, openWindowsOf } from './open-windows.ts';

/** What the session needs of the job. */
export interface DebuggedJob {
  readonly status: JobStatus;
  /** Settles once paused and parked. @throws Error when not paused. */
  whenParked(): Promise<void>;
  resume(): void;
  /** The node's live keyed state and timers as chunks (only while parked). */
  inspectState(nodeId: string, sink: (chunk: Buffer) => Promise<void>): Promise<number>;
}

/** Windows listed per node at most (all are counted). */
export const OPEN_WINDOWS_LIMIT = 500;

/** The debugger's calls on one job (`Job.debug`); see the file's header. */
export class DebugSession {
  constructor(
    private readonly job: DebuggedJob,
    private readonly debug: JobDebugger,
    private readonly runtimes: ReadonlyMap<string, NodeRuntime>,
  ) {}

  /** Replaces the breakpoints. @throws Error naming a breakpoint on an unknown node. */
  setBreakpoints(list: readonly Breakpoint[]): void {
    this.debug.setBreakpoints(list);
  }

  /**
   * Runs one step and answers where it paused.
   * @throws Error when the run is not paused (running, or over) or the request is bad.
   */
  async step(request: StepRequest): Promise<DebugView> {
    if (this.job.status !== 'paused') throw new Error(`the run is ${this.job.status}: a step starts from a paused run`);
    await this.job.whenParked();
    const halted = this.debug.arm(request);
    this.job.resume();
    await halted;
    return this.view();
  }

  /** Where the run is: every node's figures; open windows counted only while paused. */
  async view(): Promise<DebugView> {
    const paused = this.job.status === 'paused';
    const counts = new Map<string, number>();
    if (paused) {
      await this.job.whenParked();
      for (const r of this.runtimes.values()) {
        if (!r.task || !isWindowShape(stateShape(r))) continue;
        const all = await this.windows(r);
        counts.set(r.nodeId, all.filter((w) => !w.fired).length);
      }
    }
    const job = this.job.status;
    // After the input ended the job is still closing its sinks: it is over for the debugger.
    const status = paused ? 'paused' : job === 'failed' || job === 'stopped' ? job : this.debug.reason === 'end' || job !== 'running' ? 'finished' : 'running';
    return {
      status,
      reason: this.debug.reason,
      stepped: this.debug.lastStepped,
      emitted: this.debug.emitted(),
      ...(this.debug.lastHit ? { hit: this.debug.lastHit } : {}),
      nodes: this.debug.nodes(counts),
    };
  }

  /**
   * Node `nodeId`'s open windows (or pending timers), the first `limit` by fire time.
   * @throws Error for an unknown node or when the run is not paused.
   */
  async openWindows(nodeId: string, limit = OPEN_WINDOWS_LIMIT): Promise<OpenWindowsView> {
    const r = this.runtimes.get(nodeId);
    if (!r) throw new Error(`no node ${nodeId}`);
    await this.job.whenParked();
    const all = r.task ? await this.windows(r) : [];
    const wm = r.task?.currentWatermark ?? r.metrics.outputWatermark;
    return { nodeId, watermark: Number.isFinite(wm) ? wm : null, total: all.length, windows: all.slice(0, limit) };
  }

  private async windows(r: NodeRuntime): Promise<ReturnType<typeof openWindowsOf>> {
    const buffers: Buffer[] = [];
    await this.job.inspectState(r.nodeId, async (chunk) => {
      buffers.push(chunk);
    });
    return openWindowsOf(stateShape(r), buffers);
  }
}

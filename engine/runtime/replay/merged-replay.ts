/**
 * The merge of an `aligned` or `drift` replay: one loop that pulls records from every source
 * (`PullSource`) and lets them into the pipeline in event-time order.
 *
 * - Each source holds a head: its next record, read but not emitted. The source that runs is the
 *   one with the smallest head (ties: the source listed first). With a drift `d` > 0 it keeps
 *   running while its head is at most `d` ahead of the others' smallest head, then the one
 *   furthest behind takes over — the most a source may lead under Flink's watermark alignment
 *   with `maxAllowedWatermarkDrift = d`. `d = 0` is exactly `aligned`.
 * - Per record: one comparison with the smallest other head; switching source costs O(log n)
 *   (`HeadHeap`). Nothing is allocated per record while heads come from buffers.
 * - Every `CHUNK` records (every record when paced) the merge reaches a boundary: every source
 *   ticks (periodic watermarks, idleness), gets a due checkpoint barrier — at that moment every
 *   source holds a head it has not emitted, which its snapshot keeps — and the job honours pause
 *   and stop and yields to the event loop.
 * - Paced replay (`speed` × event time) waits, before each record, until the smallest head is
 *   due on one event-time clock for all sources (from the first record the merge emits).
 */
import type { Clock } from '../clock.ts';
import { HeadHeap } from './head-heap.ts';
import type { PullSource } from './pull-source.ts';

/** Records between boundaries at full speed: as often as a file source's boundaries. */
export const MERGE_CHUNK = 2048;
/** Longest single sleep of paced replay (ms), so periodic watermarks and idleness keep time. */
const PACE_STEP_MS = 50;

/** What the merge needs from the job. */
export interface MergeHooks {
  /** Injects a due checkpoint barrier at input `index` (its head not emitted). `ending`: the input is exhausted. */
  barrier(index: number, ending: boolean): void;
  /** Surfaces checkpoint failures, honours pause, yields. @returns false when the run stops. */
  yield(): Promise<boolean>;
  /** Resolves while the run is paused. */
  whenRunning(): Promise<void>;
  /** Whether the run was asked to stop (checked while paced replay waits). */
  stopped(): boolean;
  /** Input `index` now runs (drift: kept in checkpoints so a restore resumes with the same input). */
  running?(index: number): void;
  /**
   * The debugger (`runtime/debug/job-debugger.ts`), only in runs that debug: called after every
   * record; `true` makes the merge reach a boundary at once (where a paused run parks), so a step
   * can be a single record. With it, the merge also reaches a boundary before its first record.
   */
  afterRecord?(): boolean;
}

export interface MergeOptions {
  /** Event-time ms a source may run ahead of the others' smallest head; 0 = aligned. */
  maxDriftMs: number;
  /** `max`, or a multiple of event time (see `mergedSpeed`). */
  speed: 'max' | number;
  clock: Clock;
  /** The input that was running at the restored checkpoint (drift), if any. */
  resumeWith?: number;
}

/** Runs the merge until every input ended or the run stops. */
export class MergedReplay {
  /** The input whose call is running (names the node when something throws). */
  culprit = -1;
  private readonly heads: Float64Array;
  private readonly heap: HeadHeap;
  private readonly live: boolean[];
  private paceStart: { wall: number; event: number } | undefined;

  constructor(
    private readonly inputs: readonly PullSource[],
    private readonly hooks: MergeHooks,
    private readonly options: MergeOptions,
  ) {
    this.heads = new Float64Array(inputs.length);
    this.heap = new HeadHeap(this.heads);
    this.live = inputs.map(() => true);
  }

  /** @returns false when the run was stopped before every input ended. */
  async run(): Promise<boolean> {
    const { inputs, heads, heap, hooks } = this;
    for (let i = 0; i < inputs.length; i++) {
      let head = this.advance(i);
      if (typeof head === 'object') head = await head;
      if (head === undefined) this.end(i);
      else {
        heads[i] = head;
        heap.push(i);
      }
    }
    const resume = this.options.resumeWith;
    let current = resume !== undefined && heap.remove(resume) ? resume : heap.pop();
    if (current >= 0) hooks.running?.(current);
    const drift = this.options.maxDriftMs;
    const paced = this.options.speed !== 'max';
    const afterRecord = hooks.afterRecord;
    // A debugged run may start paused: park before the first record.
    if (afterRecord !== undefined && !(await this.boundary(!paced))) return false;
    let since = 0;
    while (current >= 0) {
      const other = heap.peek();
      if (other >= 0 && !runsOn(heads, current, other, drift)) {
        current = heap.replaceTop(current);
        hooks.running?.(current);
      }
      if (paced) {
        const top = heap.peek();
        const due = top >= 0 && (heads[top] as number) < (heads[current] as number) ? (heads[top] as number) : (heads[current] as number);
        if (!(await this.pace(due))) return false;
      }
      this.culprit = current;
      (inputs[current] as PullSource).emit();
      // `await` only on a promise: awaiting a plain number would cost a microtask per record.
      let head = this.advance(current);
      if (typeof head === 'object') head = await head;
      if (head === undefined) {
        this.end(current);
        current = heap.pop();
        if (current >= 0) hooks.running?.(current);
      } else heads[current] = head;
      if (afterRecord !== undefined && afterRecord()) {
        since = 0;
        if (!(await this.boundary(!paced))) return false;
      } else if (paced || ++since >= MERGE_CHUNK) {
        since = 0;
        if (!(await this.boundary(!paced))) return false;
      }
    }
    return true;
  }

  /** The next head of input `i`; awaits only when the source has to read. */
  private advance(i: number): number | undefined | Promise<number | undefined> {
    this.culprit = i;
    return (this.inputs[i] as PullSource).advance();
  }

  private end(i: number): void {
    this.culprit = i;
    this.live[i] = false;
    this.hooks.barrier(i, true);
    (this.inputs[i] as PullSource).finish();
  }

  /** Ticks every live input, injects a due barrier into each, then lets the job yield. */
  private async boundary(holding: boolean): Promise<boolean> {
    const { inputs, live } = this;
    for (let i = 0; i < inputs.length; i++) {
      if (!live[i]) continue;
      this.culprit = i;
      (inputs[i] as PullSource).tick(holding);
    }
    for (let i = 0; i < inputs.length; i++) if (live[i]) this.hooks.barrier(i, false);
    return this.hooks.yield();
  }

  /**
   * Waits until replay at `speed` × event time reaches `timestamp`, in short steps (so periodic
   * watermarks and idleness keep time, and stop, pause and checkpoints are noticed during long
   * gaps); time spent paused does not count as replay time.
   */
  private async pace(timestamp: number): Promise<boolean> {
    const clock = this.options.clock;
    const speed = this.options.speed as number;
    if (!this.paceStart) {
      this.paceStart = { wall: clock.now(), event: timestamp };
      return true;
    }
    const start = this.paceStart;
    for (let wait = start.wall + (timestamp - start.event) / speed - clock.now(); wait > 0; wait = start.wall + (timestamp - start.event) / speed - clock.now()) {
      if (this.hooks.stopped()) return false;
      await clock.sleep(Math.min(wait, PACE_STEP_MS));
      const before = clock.now();
      await this.hooks.whenRunning();
      start.wall += clock.now() - before;
      if (!(await this.boundary(false))) return false;
    }
    return true;
  }
}

/**
 * Whether `current` keeps running although `other` holds the smallest of the other heads: its
 * head is at most `drift` ahead (strictly less when `other` is listed first, so drift 0 picks
 * exactly what a merge by (timestamp, source order) picks).
 */
export function runsOn(heads: Float64Array, current: number, other: number, drift: number): boolean {
  const lead = (heads[current] as number) - drift;
  const h = heads[other] as number;
  return lead < h || (lead === h && current < other);
}

/** The pace of a merge: the slowest of its inputs' speeds (`max` when none is paced). */
export function mergedSpeed(inputs: readonly PullSource[]): 'max' | number {
  let speed: 'max' | number = 'max';
  for (const input of inputs) if (input.speed !== 'max' && (speed === 'max' || input.speed < speed)) speed = input.speed;
  return speed;
}

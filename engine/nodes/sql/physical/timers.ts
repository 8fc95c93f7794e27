/**
 * Event-time timers of the operators inside one sql node, on the node's one timer service
 * (`ctx.timers`, checkpointed like every node's). Inside the node, as in a Flink job, each
 * operator has its own input watermark: the node's combined watermark `W` minus the watermark
 * delay of the interval joins below it (`KeyedCoProcessOperatorWithWatermarkDelay`). Two rules
 * keep Flink's order:
 *
 * - an operator with delay `D` registers its timer for time `t` at `t + D`, so the shared service
 *   never fires it before the operator's own watermark `W - D` reaches `t`;
 * - when `W` advances, operators are processed in topological order (upstream first), each one
 *   getting its new watermark and then firing all of its due timers, including timers registered
 *   meanwhile — the rows an upstream operator emits reach a downstream one before that one's
 *   watermark moves, as in Flink where an operator forwards a watermark only after its timers.
 *
 * Due timers of other operators that the service hands out early are held until their operator's
 * turn in the same advance (never across advances or checkpoints). With one timed operator (most
 * queries) timers go straight through, with the operator's own namespaces.
 */
import type { InternalTimerService } from '../../../runtime/state/event-timers.ts';

/** The part of a timer service an operator uses (what `EventTimeTrigger` needs too). */
export interface OpTimerService {
  register(timestamp: number, key: string, namespace: string | number): void;
  delete(timestamp: number, key: string, namespace: string | number): void;
}

/** An operator with timers, as the router drives it. */
export interface TimedOp {
  /** Watermark delay of the interval joins below it (ms). */
  readonly delay: number;
  /** Its input watermark advanced (before its timers fire). */
  advanceWatermark(watermark: number): void;
  onTimer(timestamp: number, key: string, namespace: string | number): void;
}

interface Held {
  ts: number;
  key: string;
  ns: string | number;
  deleted: boolean;
}

export class SqlTimers {
  private readonly held: Held[][];
  private readonly single: boolean;
  private ops: readonly TimedOp[] = [];

  /**
   * @param delays the watermark delay of each timed operator, in topological order (upstream
   *   first); operators are attached once built (`attach`)
   */
  constructor(
    private readonly service: InternalTimerService,
    private readonly delays: readonly number[],
  ) {
    this.single = delays.length === 1;
    this.held = delays.map(() => []);
  }

  /** The operators, in the order of the constructor's delays. */
  attach(ops: readonly TimedOp[]): void {
    this.ops = ops;
  }

  /** The timer service of operator `index` (its position in the constructor's list). */
  forOp(index: number): OpTimerService {
    const delay = this.delays[index] as number;
    if (this.single) {
      return delay === 0
        ? this.service
        : { register: (ts, key, ns) => this.service.register(ts + delay, key, ns), delete: (ts, key, ns) => this.service.delete(ts + delay, key, ns) };
    }
    const encode = (ns: string | number): string => `${index}|${typeof ns === 'number' ? 'n' : 's'}${ns}`;
    return {
      register: (ts, key, ns) => this.service.register(ts + delay, key, encode(ns)),
      delete: (ts, key, ns) => {
        this.service.delete(ts + delay, key, encode(ns));
        for (const h of this.held[index] as Held[]) if (h.ts === ts && h.key === key && h.ns === ns) h.deleted = true;
      },
    };
  }

  private readonly collect = (ts: number, key: string, ns: string | number): void => {
    const s = ns as string;
    const bar = s.indexOf('|');
    const index = Number(s.slice(0, bar));
    const raw = s.slice(bar + 2);
    (this.held[index] as Held[]).push({ ts: ts - (this.delays[index] as number), key, ns: s[bar + 1] === 'n' ? Number(raw) : raw, deleted: false });
  };

  /** The node's combined watermark advanced to `watermark`: every operator fires, in order. */
  advance(watermark: number): void {
    if (this.ops.length === 0) return;
    if (this.single) {
      const op = this.ops[0] as TimedOp;
      op.advanceWatermark(watermark - op.delay);
      const delay = op.delay;
      this.service.advance(watermark, delay === 0 ? (ts, key, ns) => op.onTimer(ts, key, ns) : (ts, key, ns) => op.onTimer(ts - delay, key, ns));
      return;
    }
    for (let i = 0; i < this.ops.length; i++) {
      const op = this.ops[i] as TimedOp;
      op.advanceWatermark(watermark - op.delay);
      for (;;) {
        this.service.advance(watermark, this.collect);
        const due = this.held[i] as Held[];
        if (due.length === 0) break;
        this.held[i] = [];
        // Batches from successive advances are each in time order; keep that across batches.
        due.sort((a, b) => a.ts - b.ts);
        for (const t of due) if (!t.deleted) op.onTimer(t.ts, t.key, t.ns);
      }
    }
  }
}

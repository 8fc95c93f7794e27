/**
 * The pattern node's operator: Flink CEP 1.20's `CepOperator` in event time.
 *
 * - A record whose timestamp is at or behind the watermark is late (`late` output; Flink drops
 *   it or sends it to `sideOutputLateData`). Others are buffered per key (Flink's
 *   `elementQueueState`) until the watermark reaches them.
 * - When the watermark reaches a key's wake-up time, all its buffered records up to the
 *   watermark are processed in ascending timestamp order; before each timestamp, the NFA's time
 *   advances to it (timing out partial matches); records of one timestamp go in arrival order.
 *   Then time advances to the watermark.
 * - Timers: Flink registers one per buffered timestamp and one at `first event + within` per new
 *   partial match; a key's records and timeouts are then handled at the first watermark at or
 *   after their time. Here a key keeps one wake-up: the earliest of its buffered timestamps and
 *   its partial matches' timeouts, re-registered after each firing — every record and timeout is
 *   handled at the same watermark as in Flink, with far fewer timers. Only the order of rows of
 *   different keys released by one watermark can differ.
 * - Matches are emitted with the timestamp of the event that completed them (or of the time
 *   advance that released them); timeouts with their first event's timestamp + `within`.
 * - A key whose NFA holds nothing but its start state has its NFA state cleared, as Flink does.
 * The key's buffer, NFA state and wake-up live in keyed state (`cep`) and its timer in the timer
 * service, so checkpoints, savepoints and both state backends work as for any keyed node.
 */
import type { KeySelector } from '../../runtime/key-selector.ts';
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { SampleRing } from '../../runtime/sample-ring.ts';
import { describeUserError } from '../../udf/user-error.ts';
import { compileNfa } from './nfa-compiler.ts';
import type { CompiledNfa } from './nfa-graph.ts';
import { initialNfa, type KeyNfa } from './nfa-state.ts';
import { NfaProcessor, type ConditionContext, type Match, type Timeout } from './nfa.ts';
import { defaultMatchRow, timeoutRow, viewOf } from './match-output.ts';
import { patternModel, type ModelStage, type PatternModel } from './pattern-model.ts';
import type { PatternConfig } from './spec.ts';

/** A buffered record, its timestamp and its arrival position at the node. */
interface Queued {
  readonly r: DataRecord;
  readonly t: number;
  readonly p: number;
}

/**
 * All of one key's state, in one entry (one state access per record): the records waiting for
 * the watermark in arrival order (Flink's `elementQueueState`), the NFA's state (`null` while it
 * holds nothing but its start state, as Flink clears it) and its next wake-up.
 */
interface KeyState {
  queue: Queued[];
  nfa: KeyNfa | null;
  /** The key's next wake-up (epoch ms): the time of its earliest registered timer that matters, `null` for none. */
  wake: number | null;
}

type ConditionFn = (event: DataRecord, ctx: ConditionContext) => unknown;
type SelectFn = (match: Record<string, DataRecord[]>) => unknown;

/** Latest inputs kept for the editor's highlighting of the records a match was formed from. */
const INPUT_SAMPLES = 8192;

/**
 * The structure a savepoint's state must have to be restored here (`Operator.stateShape`): the
 * NFA's states, their types and transitions, and the key — not the conditions' code.
 */
export function shapeOf(compiled: CompiledNfa, config: PatternConfig): string {
  const states = compiled.states.map((s) => `${s.name}/${s.type}/${s.transitions.map((t) => `${t.action}>${t.target}`).join(',')}`).join(';');
  const key = config.key ? JSON.stringify(config.key) : 'inherited';
  return `pattern(key=${key};start=${compiled.start};${states})`;
}

export function patternOperator(ctx: OperatorContext<PatternConfig>, selector: KeySelector, model: PatternModel): Operator {
  const compiled = compileNfa(model);
  const fns = model.functions.map((path) => ctx.userCode<ConditionFn>(path));
  const select = ctx.hasUserCode() ? ctx.userCode<SelectFn>() : undefined;
  const guard = ctx.guard;
  /** The user function running now (-1: none): set before each call, cleared after it returns. */
  let running = -1;
  const callCondition = (fn: number, event: DataRecord, c: ConditionContext): boolean => {
    running = fn;
    const result = (fns[fn] as ConditionFn)(event, c);
    running = -1;
    return Boolean(result);
  };
  const processor = new NfaProcessor(compiled, model.skip, callCondition);
  const state = ctx.state;
  const keyState = state.value<KeyState>('cep');
  const timers = ctx.timers;
  const out = ctx.output('out');
  const timeoutOut = ctx.output('timeout');
  const m = ctx.metrics;
  const window = compiled.windowTime;
  const outputStages = model.stages.map((s) => (s.consuming === 'NOT_NEXT' || s.consuming === 'NOT_FOLLOW' ? undefined : s.name));
  const counts = model.stages.map(() => 0);
  const gauges: Record<string, number> = {};
  let published = true;
  const publish = (): void => {
    for (let i = 0; i < model.stages.length; i++) gauges[(model.stages[i] as ModelStage).name] = counts[i] as number;
    published = true;
  };
  publish();
  m.gauges = gauges;
  const inputs = new SampleRing(INPUT_SAMPLES);

  const emitMatches = (key: string, matches: readonly Match[], timestamp: number): void => {
    for (const match of matches) {
      const view = viewOf(match, outputStages);
      if (!select) {
        out.emit(defaultMatchRow(key, view), timestamp, view.positions);
        continue;
      }
      let row: unknown;
      guard.enter();
      try {
        row = select(view.match);
      } catch (error) {
        guard.exit();
        ctx.error(`select threw ${describeUserError(error)}`, { record: defaultMatchRow(key, view) }, timestamp, false);
        continue;
      }
      guard.exit();
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        ctx.error(`select must return a record (an object), returned ${JSON.stringify(row) ?? 'undefined'}`, { record: defaultMatchRow(key, view) }, timestamp, false);
        continue;
      }
      out.emit(row as DataRecord, timestamp, view.positions);
    }
  };

  const emitTimeouts = (key: string, timeouts: readonly Timeout[]): void => {
    for (const t of timeouts) {
      const view = viewOf(t.match, outputStages);
      timeoutOut.emit(timeoutRow(key, view, t.at), t.at, view.positions);
    }
  };

  const advance = (key: string, nfa: KeyNfa, timestamp: number): void => {
    const { matches, timeouts } = processor.advanceTime(nfa, timestamp);
    if (matches.length > 0) emitMatches(key, matches, timestamp);
    if (timeouts.length > 0) emitTimeouts(key, timeouts);
  };

  const byTime = (a: Queued, b: Queued): number => a.t - b.t;

  /** Feeds one buffered record to the NFA (`CepOperator.processEvent`). */
  const processEvent = (key: string, nfa: KeyNfa, q: Queued): void => {
    let decisions;
    // One watchdog region for all of the event's conditions (they run back to back).
    guard.enter();
    running = -1;
    try {
      decisions = processor.decide(nfa, q.r, q.t, key);
    } catch (error) {
      guard.exit();
      if (running < 0) throw error;
      m.accepted--;
      ctx.error(`${model.functions[running] ?? 'condition'} threw ${describeUserError(error)}`, { record: q.r }, q.t);
      return;
    }
    guard.exit();
    const matches = processor.process(nfa, q.r, q.t, q.p, decisions);
    if (matches.length > 0) emitMatches(key, matches, q.t);
  };

  /**
   * `CepOperator.onEventTime` for `key` at watermark `watermark`: the buffered records up to the
   * watermark in timestamp order (a stable sort keeps arrival order among equal timestamps),
   * the NFA's time advanced to each timestamp first and to the watermark last.
   */
  const fire = (key: string, watermark: number): void => {
    state.setCurrentKey(key);
    const s = keyState.get();
    if (!s) return;
    const queue = s.queue;
    let due: Queued[];
    if (queue.length === 1 && (queue[0] as Queued).t <= watermark) {
      due = queue;
      s.queue = [];
    } else {
      due = [];
      const keep: Queued[] = [];
      for (const q of queue) (q.t <= watermark ? due : keep).push(q);
      due.sort(byTime);
      s.queue = keep;
    }
    const nfa = s.nfa ?? initialNfa(compiled.start);
    processor.countPartial(nfa, counts, -1);
    for (let i = 0; i < due.length; i++) {
      const q = due[i] as Queued;
      if (i === 0 || q.t !== (due[i - 1] as Queued).t) advance(key, nfa, q.t);
      processEvent(key, nfa, q);
    }
    advance(key, nfa, watermark);
    processor.countPartial(nfa, counts, 1);
    published = false;
    s.nfa = nfa.partial.length === 1 && nfa.completed.length === 0 ? null : nfa;
    // The next wake-up: the earliest record still buffered, or the earliest partial match's
    // timeout (both after the watermark now).
    let next = Number.POSITIVE_INFINITY;
    for (const q of s.queue) if (q.t < next) next = q.t;
    if (window > 0 && s.nfa) for (const cs of s.nfa.partial) if (cs.et !== null && cs.st + window < next) next = cs.st + window;
    if (Number.isFinite(next)) {
      timers.register(next, key, '');
      s.wake = next;
    } else s.wake = null;
    // The entry was changed in place (both backends keep what a read returned).
    if (s.nfa === null && s.queue.length === 0) keyState.clear();
  };

  return {
    processElement(row, ts) {
      const position = m.in;
      inputs.record(row, ts, position);
      if (ts <= ctx.currentWatermark()) {
        ctx.late(row, ts);
        return;
      }
      const key = selector.key(row);
      state.setCurrentKey(key);
      const s = keyState.get();
      const q: Queued = { r: row, t: ts, p: position };
      m.accepted++;
      if (!s) keyState.set({ queue: [q], nfa: null, wake: ts });
      else {
        s.queue.push(q);
        if (s.wake !== null) {
          if (s.wake <= ts) return;
          // One timer per key: the earlier wake-up replaces the later one.
          timers.delete(s.wake, key, '');
        }
        s.wake = ts;
      }
      timers.register(ts, key, '');
    },
    processWatermark(watermark) {
      timers.advance(watermark, (_ts, key) => fire(key, watermark));
      if (!published) publish();
    },
    snapshotState: () => ({ counts: [...counts] }),
    restoreState(saved) {
      const restored = (saved as { counts?: number[] } | undefined)?.counts ?? [];
      restored.forEach((n, i) => (counts[i] = n));
      publish();
    },
    stateShape: () => shapeOf(compiled, ctx.config),
    inputSamples: () => inputs.latest(),
  };
}

export const patternNodeOperator: OperatorFactory<PatternConfig> = {
  kind: 'operator',
  create(ctx) {
    const key = ctx.keyOf('in');
    if (!key) throw new Error('the pattern node has no key');
    return patternOperator(ctx, key, patternModel(ctx.config));
  },
};

/**
 * The pattern node's operator: Flink CEP 1.20's `CepOperator` in event time.
 *
 * - A record whose timestamp is at or behind the watermark is late (`late` output; Flink drops
 *   it or sends it to `sideOutputLateData`). Others are buffered per key and timestamp (state
 *   `queue`, Flink's `elementQueueState`) with an event-time timer at their timestamp.
 * - When a key's timer fires (the watermark reached it), all its buffered timestamps up to the
 *   watermark are processed in ascending order; before each, the NFA's time advances to it
 *   (timing out partial matches); events of one timestamp go in arrival order. Then time
 *   advances to the watermark. A new partial match with `within` registers a timer at its first
 *   event's timestamp + `within`, so its timeout fires even if the key sees no more events.
 * - Matches are emitted with the timestamp of the event that completed them (or of the time
 *   advance that released them); timeouts with their first event's timestamp + `within`.
 * - A key whose NFA holds nothing but its start state has its NFA state cleared, as Flink does.
 * The NFA state (`nfa`) and the buffer live in keyed state and timers in the timer service, so
 * checkpoints, savepoints and both state backends work as for any keyed node.
 */
import type { KeySelector } from '../../runtime/key-selector.ts';
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { SampleRing } from '../../runtime/sample-ring.ts';
import { describeUserError } from '../../udf/user-error.ts';
import { compileNfa, type CompiledNfa } from './nfa-compiler.ts';
import { initialNfa, type KeyNfa } from './nfa-state.ts';
import { NfaProcessor, type ConditionContext, type Match, type Timeout } from './nfa.ts';
import { defaultMatchRow, timeoutRow, viewOf } from './match-output.ts';
import { patternModel, type PatternModel } from './pattern-model.ts';
import type { PatternConfig } from './spec.ts';

/** A buffered record and its arrival position at the node. */
interface Queued {
  readonly r: DataRecord;
  readonly p: number;
}

type ConditionFn = (event: DataRecord, ctx: ConditionContext) => unknown;
type SelectFn = (match: Record<string, DataRecord[]>) => unknown;

/** Thrown through the NFA when a condition throws: which function, and what it threw. */
class ConditionError extends Error {
  constructor(
    readonly fn: number,
    thrown: unknown,
  ) {
    super(describeUserError(thrown));
  }
}

const INPUT_SAMPLES = 512;

/** The structure a savepoint's state must have to be restored here: states, types, edges. */
function shapeOf(compiled: CompiledNfa, config: PatternConfig): string {
  const states = compiled.states.map((s) => `${s.name}/${s.type}/${s.transitions.map((t) => `${t.action}>${t.target}`).join(',')}`).join(';');
  const key = config.key ? JSON.stringify(config.key) : 'inherited';
  return `pattern(key=${key};start=${compiled.start};${states})`;
}

export function patternOperator(ctx: OperatorContext<PatternConfig>, selector: KeySelector, model: PatternModel): Operator {
  const compiled = compileNfa(model);
  const fns = model.functions.map((path) => ctx.userCode<ConditionFn>(path));
  const select = ctx.hasUserCode() ? ctx.userCode<SelectFn>() : undefined;
  const guard = ctx.guard;
  const processor = new NfaProcessor(compiled, model.skip, (fn, event, c) => {
    guard.enter();
    try {
      return Boolean((fns[fn] as ConditionFn)(event, c));
    } catch (error) {
      throw new ConditionError(fn, error);
    } finally {
      guard.exit();
    }
  });
  const state = ctx.state;
  const queue = state.map<Queued[]>('queue');
  const nfaState = state.value<KeyNfa>('nfa');
  const timers = ctx.timers;
  const out = ctx.output('out');
  const timeoutOut = ctx.output('timeout');
  const m = ctx.metrics;
  const window = compiled.windowTime;
  const outputStages = model.stages.map((s) => (s.consuming === 'NOT_NEXT' || s.consuming === 'NOT_FOLLOW' ? undefined : s.name));
  const counts = model.stages.map(() => 0);
  const gauges: Record<string, number> = {};
  const publish = (): void => model.stages.forEach((s, i) => (gauges[s.name] = counts[i] as number));
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
    emitMatches(key, matches, timestamp);
    emitTimeouts(key, timeouts);
  };

  /** `CepOperator.onEventTime` for `key` at watermark `watermark`. */
  const fire = (key: string, watermark: number): void => {
    state.setCurrentKey(key);
    const pending: number[] = [];
    for (const [ts] of queue.entries()) if ((ts as number) <= watermark) pending.push(ts as number);
    pending.sort((a, b) => a - b);
    const nfa = nfaState.get() ?? initialNfa(compiled.start);
    processor.countPartial(nfa, counts, -1);
    let newStart = false;
    for (const ts of pending) {
      advance(key, nfa, ts);
      for (const q of queue.get(ts) ?? []) {
        let decisions;
        try {
          decisions = processor.decide(nfa, q.r, ts, key);
        } catch (error) {
          if (!(error instanceof ConditionError)) throw error;
          m.accepted--;
          ctx.error(`${model.functions[error.fn] ?? 'condition'} threw ${error.message}`, { record: q.r }, ts);
          continue;
        }
        const result = processor.process(nfa, q.r, ts, q.p, decisions);
        newStart ||= result.newStart;
        if (window > 0 && newStart) timers.register(ts + window, key, '');
        emitMatches(key, result.matches, ts);
      }
      queue.delete(ts);
    }
    advance(key, nfa, watermark);
    processor.countPartial(nfa, counts, 1);
    publish();
    if (nfa.partial.length === 1 && nfa.completed.length === 0) nfaState.clear();
    else nfaState.set(nfa);
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
      const list = queue.get(ts);
      if (list) list.push({ r: row, p: position });
      else {
        queue.set(ts, [{ r: row, p: position }]);
        timers.register(ts, key, '');
      }
      m.accepted++;
    },
    processWatermark(watermark) {
      timers.advance(watermark, (_ts, key) => fire(key, watermark));
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

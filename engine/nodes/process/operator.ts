/**
 * Keyed process function (Flink's `KeyedProcessFunction`): `onEvent(event, ctx)` for every
 * record and `onTimer(timestamp, ctx)` for every event-time timer whose time the watermark
 * reached. `ctx.state` gives value/map/list state scoped to the current key; timers are per
 * key and deduplicated. An exception sends the record (or the timer) to `errors`.
 */
import type { KeySelector } from '../../runtime/key-selector.ts';
import type { Operator, OperatorFactory } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { ProcessContext, ProcessFunctions } from '../../udf/user-api.ts';
import { describeUserError } from '../../udf/user-error.ts';
import type { ProcessConfig } from './spec.ts';

export function processOperator(ctx: OperatorContext, selector: KeySelector): Operator {
  const fns = ctx.userCode<ProcessFunctions>();
  const state = ctx.state;
  const timers = ctx.timers;
  const out = ctx.output('out');
  const side = ctx.output('side');
  const m = ctx.metrics;
  const guard = ctx.guard;
  let key = '';
  let timestamp = 0;
  const handles = new Map<string, unknown>();
  const handle = <T>(kind: 'value' | 'map' | 'list', name: string, make: () => T): T => {
    const id = `${kind}:${name}`;
    let h = handles.get(id) as T | undefined;
    if (!h) handles.set(id, (h = make()));
    return h;
  };
  const userCtx: ProcessContext = {
    get key() {
      return key;
    },
    get timestamp() {
      return timestamp;
    },
    get watermark() {
      return ctx.currentWatermark();
    },
    state: {
      value: (name) => handle('value', name, () => state.value(name)),
      map: (name) => handle('map', name, () => state.map(name)),
      list: (name) => handle('list', name, () => state.list(name)),
    },
    timers: {
      registerEventTime: (ts) => timers.register(ts, key, ''),
      deleteEventTime: (ts) => timers.delete(ts, key, ''),
    },
    emit: (record, ts) => out.emit(record, ts ?? timestamp),
    sideOutput: (record, ts) => side.emit(record, ts ?? timestamp),
  };

  return {
    processElement(row: DataRecord, ts: number) {
      key = selector.key(row);
      timestamp = ts;
      state.setCurrentKey(key);
      guard.enter();
      try {
        fns.onEvent(row, userCtx);
      } catch (error) {
        guard.exit();
        ctx.error(`onEvent threw ${describeUserError(error)}`, { record: row }, ts);
        return;
      }
      guard.exit();
      m.accepted++;
    },
    processWatermark(watermark) {
      const onTimer = fns.onTimer;
      timers.advance(watermark, (ts, k) => {
        if (!onTimer) return;
        key = k;
        timestamp = ts;
        state.setCurrentKey(k);
        guard.enter();
        try {
          onTimer(ts, userCtx);
        } catch (error) {
          guard.exit();
          ctx.error(`onTimer threw ${describeUserError(error)}`, { record: { timer: ts, key: k } }, ts, false);
          return;
        }
        guard.exit();
      });
    },
  };
}

export const processNodeOperator: OperatorFactory<ProcessConfig> = {
  kind: 'operator',
  create(ctx) {
    const key = ctx.keyOf('in');
    if (!key) throw new Error('the process function has no key');
    return processOperator(ctx, key);
  },
};

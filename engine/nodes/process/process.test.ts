/**
 * The keyed process function on the operator test harness: keyed value state, event-time timers
 * firing in timestamp order when the watermark passes them, the side output, and state and timers
 * surviving a snapshot and restore (Flink's `KeyedProcessFunction` rules).
 */
import { describe, expect, it } from 'vitest';
import { OperatorTestHarness } from '../../../test/harness/operator-harness.ts';

const CODE = `
function onEvent(event: Input, ctx: ProcessContext) {
  const count = ctx.state.value<number>('count');
  count.set((count.get() ?? 0) + 1);
  ctx.timers.registerEventTime(ctx.timestamp + 100);
  if (event.flag) ctx.sideOutput({ flagged: event.k });
}
function onTimer(timestamp: number, ctx: ProcessContext) {
  ctx.emit({ key: ctx.key, count: ctx.state.value<number>('count').get(), at: timestamp });
}`;

describe('process operator', () => {
  it('keeps state per key and fires timers in timestamp order when the watermark passes them', async () => {
    const h = await OperatorTestHarness.open({ type: 'process', code: CODE }, { keyBy: { fields: ['k'] } });
    h.processElement({ k: 'a' }, 50);
    h.processElement({ k: 'b', flag: true }, 10);
    h.processElement({ k: 'a' }, 60);
    h.processWatermark(150);
    expect(h.output()).toEqual([
      { record: { key: 'b', count: 1, at: 110 }, timestamp: 110 },
      { record: { key: 'a', count: 2, at: 150 }, timestamp: 150 },
    ]);
    h.processWatermark(160);
    expect(h.records().at(-1)).toEqual({ key: 'a', count: 2, at: 160 });
    expect(h.records('side')).toEqual([{ flagged: 'b' }]);
    await h.close();
  });

  it('restores state and pending timers from a snapshot', async () => {
    const first = await OperatorTestHarness.open({ type: 'process', code: CODE }, { keyBy: { fields: ['k'] } });
    first.processElement({ k: 'a' }, 50);
    const snapshot = await first.snapshot();
    await first.close();
    const second = await OperatorTestHarness.open({ type: 'process', code: CODE }, { keyBy: { fields: ['k'] }, restore: snapshot });
    second.processElement({ k: 'a' }, 70);
    second.processWatermark(1000);
    expect(second.records()).toEqual([
      { key: 'a', count: 2, at: 150 },
      { key: 'a', count: 2, at: 170 },
    ]);
    await second.close();
  });
});

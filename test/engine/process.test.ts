/**
 * The keyed process function (Flink's `KeyedProcessFunction`): value, map and list state per
 * key, event-time timers firing `onTimer` when the watermark reaches them (in timestamp order,
 * deduplicated), `emit`, `sideOutput`, and exceptions to `errors`.
 */
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const CODE = `
function onEvent(event, ctx) {
  if (event.amt < 0) throw new Error('negative amount ' + event.amt);
  const count = ctx.state.value<number>('count');
  count.set((count.get() ?? 0) + 1);
  ctx.state.list<number>('amounts').add(event.amt);
  const byCat = ctx.state.map<number>('byCat');
  byCat.set(event.cat, (byCat.get(event.cat) ?? 0) + event.amt);
  ctx.emit({ kind: 'event', user: ctx.key, count: count.get(), wm: Number.isFinite(ctx.watermark) ? ctx.watermark : null });
  if (event.amt > 6) ctx.sideOutput({ big: event.amt });
  ctx.timers.registerEventTime(event.ts + 10);
  ctx.timers.registerEventTime(event.ts + 10); // the same timer twice is one timer
}

function onTimer(timestamp, ctx) {
  const amounts = ctx.state.list<number>('amounts').get();
  ctx.emit({
    kind: 'timer',
    user: ctx.key,
    at: timestamp,
    ts: ctx.timestamp,
    wm: ctx.watermark,
    count: ctx.state.value<number>('count').get(),
    sum: amounts.reduce((a, b) => a + b, 0),
    byCat: Object.fromEntries(ctx.state.map<number>('byCat').entries()),
  });
}
`;

describe('process function', () => {
  it('keeps value/map/list state per key and fires event-time timers in timestamp order', async () => {
    const rows = [
      { user: 'a', amt: 1, cat: 'x', ts: 0 }, // timer a@10; W = -1
      { user: 'b', amt: 5, cat: 'y', ts: 2 }, // timer b@12; W = 1
      { user: 'a', amt: 2, cat: 'y', ts: 4 }, // timer a@14; W = 3
      { user: 'a', amt: -1, cat: 'x', ts: 5 }, // throws → errors; W = 4
      { user: 'a', amt: 3, cat: 'x', ts: 20 }, // timer a@30; W = 19 → fires a@10, b@12, a@14
      { user: 'b', amt: 7, cat: 'y', ts: 30 }, // timer b@40; W = 29; 7 > 6 → side output
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('k', 'keyBy', { key: { fields: ['user'] } }),
          node('p', 'process', {}, CODE),
          node('out', 'previewSink'),
          node('side', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'k'), edge('k', 'p'), edge('p', 'out'), edge('p', 'side', 'side'), edge('p', 'errs', 'errors')],
      ),
    );
    // `wm` on an event is the watermark before it: max of the earlier records - 0 - 1.
    // At W = 19 the timers due are a@10, b@12, a@14; a's state by then: 3 events 1 + 2 + 3 = 6,
    // x: 1 + 3 = 4, y: 2. The final watermark (+∞, null in JSON) fires a@30 and b@40.
    expect(run.rows('out')).toEqual([
      { kind: 'event', user: 'a', count: 1, wm: null },
      { kind: 'event', user: 'b', count: 1, wm: -1 },
      { kind: 'event', user: 'a', count: 2, wm: 1 },
      { kind: 'event', user: 'a', count: 3, wm: 4 },
      { kind: 'timer', user: 'a', at: 10, ts: 10, wm: 19, count: 3, sum: 6, byCat: { x: 4, y: 2 } },
      { kind: 'timer', user: 'b', at: 12, ts: 12, wm: 19, count: 1, sum: 5, byCat: { y: 5 } },
      { kind: 'timer', user: 'a', at: 14, ts: 14, wm: 19, count: 3, sum: 6, byCat: { x: 4, y: 2 } },
      { kind: 'event', user: 'b', count: 2, wm: 19 },
      { kind: 'timer', user: 'a', at: 30, ts: 30, wm: null, count: 3, sum: 6, byCat: { x: 4, y: 2 } },
      // b: 5 + 7 = 12, all in y.
      { kind: 'timer', user: 'b', at: 40, ts: 40, wm: null, count: 2, sum: 12, byCat: { y: 12 } },
    ]);
    // Emitted records carry the event's timestamp, or the timer's.
    expect(run.times('out')).toEqual([0, 2, 4, 20, 10, 12, 14, 30, 30, 40]);
    expect(run.rows('side')).toEqual([{ big: 7 }]);
    expect(run.times('side')).toEqual([30]);
    expect(run.rows('errs')).toEqual([
      { node: 'p', reason: 'onEvent threw Error: negative amount -1', record: { user: 'a', amt: -1, cat: 'x', ts: 5 } },
    ]);
    expect(counts(run.metrics('p'))).toEqual({ in: 6, accepted: 5, filtered: 0, late: 0, errors: 1, out: 10 });
    expect(run.metrics('p').emitted).toEqual({ out: 10, side: 1, errors: 1 });
  });

  it('timers can be deleted, and a timer may register another that fires in the same watermark', async () => {
    const code = `
function onEvent(event, ctx) {
  ctx.timers.registerEventTime(event.ts + 5);
  if (event.cancel) ctx.timers.deleteEventTime(event.cancel);
}
function onTimer(timestamp, ctx) {
  ctx.emit({ key: ctx.key, at: timestamp });
  if (timestamp < 100) ctx.timers.registerEventTime(timestamp + 100);
}`;
    const rows = [
      { id: 'a', ts: 0 }, // timer a@5
      { id: 'b', ts: 1 }, // timer b@6
      { id: 'b', ts: 2, cancel: 6 }, // timer b@7; b@6 deleted
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('p', 'process', { key: { fields: ['id'] } }, code),
          node('out', 'previewSink'),
        ],
        [edge('src', 'p'), edge('p', 'out')],
      ),
    );
    // Final watermark fires a@5 (registers a@105), b@7 (registers b@107), then a@105, b@107.
    expect(run.rows('out')).toEqual([
      { key: 'a', at: 5 },
      { key: 'b', at: 7 },
      { key: 'a', at: 105 },
      { key: 'b', at: 107 },
    ]);
    expect(counts(run.metrics('p'))).toEqual({ in: 3, accepted: 3, filtered: 0, late: 0, errors: 0, out: 4 });
  });

  it('onTimer that throws goes to errors with the timer, without counting an input record', async () => {
    const code = `
function onEvent(event, ctx) { ctx.timers.registerEventTime(event.ts); }
function onTimer(timestamp, ctx) { if (ctx.key === 'bad') throw new Error('timer ' + timestamp); ctx.emit({ ok: ctx.key }); }`;
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows: [{ id: 'bad', ts: 3 }, { id: 'good', ts: 4 }], time: { mode: 'event', field: 'ts' } }),
          node('p', 'process', { key: { fields: ['id'] } }, code),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'p'), edge('p', 'out'), edge('p', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([{ ok: 'good' }]);
    expect(run.rows('errs')).toEqual([{ node: 'p', reason: 'onTimer threw Error: timer 3', record: { timer: 3, key: 'bad' } }]);
    expect(counts(run.metrics('p'))).toEqual({ in: 2, accepted: 2, filtered: 0, late: 0, errors: 0, out: 1 });
  });
});

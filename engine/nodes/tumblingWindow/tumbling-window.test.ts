/**
 * The tumbling window operator on the operator test harness: Flink's `EventTimeTrigger` firing at
 * `end - 1`, allowed lateness re-firing updated results, later records to `late`, and a snapshot
 * taken mid-window restoring to the same results. Expected values are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { OperatorTestHarness } from '../../../test/harness/operator-harness.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2001-01-01T00:00:00Z');
const window = (allowedLateness = 0) => ({
  type: 'tumblingWindow',
  config: {
    size: '1h',
    allowedLateness,
    aggregates: [
      { name: 'n', fn: 'count' },
      { name: 'total', fn: 'sum', field: 'v' },
    ],
  },
});

describe('tumblingWindow operator', () => {
  it('fires a window when the watermark reaches end - 1, with timestamp end - 1, and forwards the watermark', async () => {
    const h = await OperatorTestHarness.open(window(), { keyBy: { fields: ['k'] } });
    h.processElement({ k: 'a', v: 1 }, T0 + 10);
    h.processElement({ k: 'a', v: 2 }, T0 + HOUR - 1);
    h.processElement({ k: 'b', v: 5 }, T0 + 20);
    h.processWatermark(T0 + HOUR - 2);
    expect(h.output()).toEqual([]);
    h.processWatermark(T0 + HOUR - 1);
    expect(h.output()).toEqual([
      {
        record: {
          k: 'a',
          window_start: '2001-01-01T00:00:00.000Z',
          window_end: '2001-01-01T01:00:00.000Z',
          n: 2,
          total: 3,
        },
        timestamp: T0 + HOUR - 1,
      },
      {
        record: {
          k: 'b',
          window_start: '2001-01-01T00:00:00.000Z',
          window_end: '2001-01-01T01:00:00.000Z',
          n: 1,
          total: 5,
        },
        timestamp: T0 + HOUR - 1,
      },
    ]);
    expect(h.watermarks()).toEqual([T0 + HOUR - 2, T0 + HOUR - 1]);
    await h.close();
  });

  it('re-fires with allowed lateness, then sends later records to late with how late they were', async () => {
    const h = await OperatorTestHarness.open(window(10 * 60_000), { keyBy: { fields: ['k'] } });
    h.processElement({ k: 'a', v: 1 }, T0 + 5);
    h.processWatermark(T0 + HOUR); // fires once
    h.processElement({ k: 'a', v: 4 }, T0 + 6); // within lateness: fires again at once, updated
    h.processWatermark(T0 + HOUR + 10 * 60_000); // lateness over: state dropped
    h.processElement({ k: 'a', v: 9 }, T0 + 7);
    expect(h.records().map((r) => [r.n, r.total])).toEqual([
      [1, 1],
      [2, 5],
    ]);
    expect(h.records('late')).toEqual([
      {
        node: 'op',
        late_by_ms: HOUR + 10 * 60_000 - 7,
        event_time: '2001-01-01T00:00:00.007Z',
        watermark: '2001-01-01T01:10:00.000Z',
        record: { k: 'a', v: 9 },
      },
    ]);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 2, late: 1, balanced: true });
    await h.close();
  });

  it('restores a snapshot taken mid-window to the results of an uninterrupted run, on both state backends', async () => {
    for (const stateBackend of ['heap', 'leveldb'] as const) {
      const first = await OperatorTestHarness.open(window(), {
        keyBy: { fields: ['k'] },
        stateBackend,
      });
      first.processElement({ k: 'a', v: 1 }, T0 + 1);
      first.processElement({ k: 'b', v: 2 }, T0 + 2);
      const snapshot = await first.snapshot(7);
      first.processElement({ k: 'a', v: 100 }, T0 + 3); // after the barrier: not in the snapshot
      await first.close();

      const second = await OperatorTestHarness.open(window(), {
        keyBy: { fields: ['k'] },
        restore: snapshot,
        stateBackend,
      });
      second.processElement({ k: 'a', v: 3 }, T0 + 3);
      second.endInput();
      expect(second.records().map((r) => [r.k, r.n, r.total])).toEqual([
        ['a', 2, 4],
        ['b', 1, 2],
      ]);
      await second.close();
    }
  });
});

describe('tumblingWindow aggregates with missing values (Flink SQL rules)', () => {
  it('count with a field counts present values only; sum of no value is null; avg is the exact mean', async () => {
    const h = await OperatorTestHarness.open(
      {
        type: 'tumblingWindow',
        config: {
          size: '1h',
          aggregates: [
            { name: 'all', fn: 'count' },
            { name: 'with_v', fn: 'count', field: 'v' },
            { name: 'total', fn: 'sum', field: 'v' },
            { name: 'mean', fn: 'avg', field: 'v' },
          ],
        },
      },
      { keyBy: { fields: ['k'] } },
    );
    h.processElement({ k: 'a', v: 1 }, T0 + 1);
    h.processElement({ k: 'a', v: null }, T0 + 2);
    h.processElement({ k: 'a', v: 2 }, T0 + 3);
    h.processElement({ k: 'b' }, T0 + 4);
    h.processElement({ k: 'b', v: null }, T0 + 5);
    h.endInput();
    expect(h.records().map((r) => [r.k, r.all, r.with_v, r.total, r.mean])).toEqual([
      ['a', 3, 2, 3, 1.5],
      ['b', 2, 0, null, null],
    ]);
    await h.close();
  });
});

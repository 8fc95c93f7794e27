/**
 * The one watermark generator of sources (`SourceWatermarks`): per split `max - bound - 1`,
 * the minimum over active splits, idle and finished splits left out, never going back,
 * periodic vs punctuated emission, the final watermark, and snapshot/restore by split id.
 */
import { describe, expect, it } from 'vitest';
import { SourceWatermarks } from '../../engine/connectors/source-watermarks.ts';
import { NodeMetrics } from '../../engine/runtime/metrics.ts';
import { Output, type StreamTaskInput } from '../../engine/runtime/output.ts';
import { MAX_WATERMARK } from '../../engine/runtime/record.ts';

/** An output whose watermarks and idleness a test reads back. */
function captured(): { output: Output; watermarks: number[]; idle: boolean[]; ended: () => boolean } {
  const watermarks: number[] = [];
  const idle: boolean[] = [];
  let ended = false;
  const input: StreamTaskInput = {
    processElement: () => {},
    processWatermark: (_c, w) => watermarks.push(w),
    processIdle: (_c, i) => idle.push(i),
    endOfInput: () => (ended = true),
    processBarrier: () => {},
  };
  const output = new Output('out', new NodeMetrics('src', 'test'));
  output.connect(input, 0);
  return { output, watermarks, idle, ended: () => ended };
}

const spec = (over: Partial<{ maxOutOfOrderness: number; emit: 'periodic' | 'punctuated'; interval: number; idleTimeout: number }> = {}) => ({
  maxOutOfOrderness: 10,
  emit: 'periodic' as const,
  interval: 200,
  ...over,
});

describe('SourceWatermarks', () => {
  it('emits the minimum over splits of max - bound - 1, periodically and never backwards', () => {
    const c = captured();
    const w = new SourceWatermarks(spec(), [c.output], new NodeMetrics('src', 'test'), 0);
    const a = w.split('p0', 0);
    const b = w.split('p1', 0);
    w.onRecord(a, 1000);
    w.tick(100); // before the interval: nothing
    w.tick(200); // p1 has no record yet: it holds the watermark at -∞
    expect(c.watermarks).toEqual([]);
    w.onRecord(b, 500);
    w.tick(400);
    expect(c.watermarks).toEqual([489]);
    w.onRecord(b, 300); // out of order: no regress
    w.onRecord(a, 2000);
    w.tick(600);
    expect(c.watermarks).toEqual([489]);
    w.onRecord(b, 1500);
    w.tick(800);
    expect(c.watermarks).toEqual([489, 1489]);
  });

  it('punctuated emission advances after every record', () => {
    const c = captured();
    const w = new SourceWatermarks(spec({ emit: 'punctuated', maxOutOfOrderness: 0 }), [c.output], new NodeMetrics('src', 'test'), 0);
    const s = w.split('file', 0);
    for (const ts of [5, 3, 9]) w.onRecord(s, ts);
    expect(c.watermarks).toEqual([4, 8]);
  });

  it('leaves idle and finished splits out, marks the source idle when all open splits are, and ends with +∞', () => {
    const c = captured();
    const w = new SourceWatermarks(spec({ idleTimeout: 1000 }), [c.output], new NodeMetrics('src', 'test'), 0);
    const a = w.split('p0', 0);
    const b = w.split('p1', 0);
    w.onRecord(a, 5000);
    w.tick(200); // p1 empty and not yet idle: it holds the watermark back
    expect(c.watermarks).toEqual([]);
    w.onRecord(a, 5100);
    w.tick(1200); // p1 idle now (no record for 1 s); p0 active
    expect(c.watermarks).toEqual([5089]);
    w.finishSplit(a);
    w.tick(2400); // p0 finished, p1 idle: every open split idle
    expect(c.idle).toEqual([true]);
    w.onRecord(b, 6000); // p1 wakes up: the source is active again
    expect(c.idle).toEqual([true, false]);
    w.end();
    expect(c.watermarks.at(-1)).toBe(MAX_WATERMARK);
    expect(c.ended()).toBe(true);
  });

  it('restores each split’s maximum by id and the emitted watermark', () => {
    const c1 = captured();
    const first = new SourceWatermarks(spec({ emit: 'punctuated', maxOutOfOrderness: 0 }), [c1.output], new NodeMetrics('src', 'test'), 0);
    const p0 = first.split('p0', 0);
    const p1first = first.split('p1', 0);
    first.onRecord(p0, 100);
    first.onRecord(p1first, 50);
    const snapshot = first.snapshot();
    expect(snapshot).toEqual({ emitted: 49, maxTimestamps: { p0: 100, p1: 50 }, idle: false });

    const c2 = captured();
    const second = new SourceWatermarks(spec({ emit: 'punctuated', maxOutOfOrderness: 0 }), [c2.output], new NodeMetrics('src', 'test'), 0);
    second.restore(snapshot);
    const p1 = second.split('p1', 0);
    second.split('p0', 0);
    second.onRecord(p1, 40); // late for p1: its restored max (50) holds
    expect(c2.watermarks).toEqual([]);
    second.onRecord(p1, 80);
    expect(c2.watermarks).toEqual([79]);
  });
});

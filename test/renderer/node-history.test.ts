/**
 * The debugger's chart history keeps at most its capacity per node however long the run: when
 * full it halves by merging neighbouring points (rates averaged, watermark lag maxed, the later
 * time), so the whole run stays covered. Checked against sums computed here.
 */
import { describe, expect, it } from 'vitest';
import { RunHistory, downsample } from '../../renderer/debug/node-history.ts';

describe('bounded chart history', () => {
  it('halves by merging pairs', () => {
    const s = downsample({ t: [1, 2, 3, 4, 5], inRate: [10, 20, 30, 50, 7], outRate: [0, 2, 4, 4, 1], lag: [5, null, 1, 3, null] });
    expect(s).toEqual({ t: [2, 4, 5], inRate: [15, 40, 7], outRate: [1, 4, 1], lag: [5, 3, null] });
  });

  it('never holds more than its capacity and still covers the whole run', () => {
    const h = new RunHistory(64);
    const n = 10_000;
    for (let i = 1; i <= n; i++) h.add('w', { t: i, inRate: 100, outRate: i % 2 === 0 ? 50 : 0, lag: i % 1000 });
    const s = h.of('w');
    expect(s.t.length).toBeLessThanOrEqual(64);
    expect(s.t.length).toBeGreaterThan(32);
    // Uniform resolution: equal steps of time from the start of the run to (nearly) its end.
    const step = (s.t[1] as number) - (s.t[0] as number);
    expect(s.t[0]).toBe(step);
    for (let i = 1; i < s.t.length; i++) expect((s.t[i] as number) - (s.t[i - 1] as number)).toBe(step);
    expect(n - (s.t.at(-1) as number)).toBeLessThan(step);
    for (const r of s.inRate) expect(r).toBe(100);
    // Pairs of an odd and an even tick average to 25 records/s out.
    expect(s.outRate.slice(0, -1).every((r) => r === 25)).toBe(true);
    expect(Math.max(...s.lag.map((l) => l ?? 0))).toBe(999);
    expect(h.of('other').t).toEqual([]);
  });
});

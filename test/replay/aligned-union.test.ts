/**
 * Issue 25: a union of an in-order and a shuffled file replayed in each mode. `aligned` must give
 * exactly the late records, watermarks, window counts and watermark leads an independent merge by
 * event time predicts (`union-fixture.ts`); `drift` 0 must equal `aligned`, and `drift` 2 h must
 * equal the model with that drift; `chunked` (sources taking turns by 2,048 lines) lets one source
 * race weeks ahead, and the test prints what that does to lateness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type Run } from '../engine/harness.ts';
import { flightTime, type Flight } from '../examples/flights-data.ts';
import { mergeOrder, predict, splitFlights, unionPipeline, type Arrival, type Predicted } from './union-fixture.ts';

const SEED = 2025;
const SHUFFLE_MS = 3 * 3_600_000;
const split = splitFlights(SEED, SHUFFLE_MS);
const files = (): Record<string, string> => ({
  'in-order.jsonl': split[0].map((r: Arrival) => JSON.stringify(r.flight)).join('\n') + '\n',
  'shuffled.jsonl': split[1].map((r: Arrival) => JSON.stringify(r.flight)).join('\n') + '\n',
});

async function run(replay?: Record<string, unknown>): Promise<Run> {
  return runPipeline(unionPipeline(replay) as never, { files: files() });
}

interface LateRow {
  late_by_ms: number;
  watermark: string;
  event_time: string;
  record: Flight;
}

function expectAsPredicted(r: Run, p: Predicted): void {
  const late = r.fileRows('late') as unknown as LateRow[];
  expect(late.map((l) => ({ flight: l.record, ts: flightTime(l.record.date), watermark: Date.parse(l.watermark), lateBy: l.late_by_ms }))).toEqual(
    p.late.map((l) => ({ flight: l.flight, ts: l.ts, watermark: l.watermark, lateBy: l.watermark - l.ts })),
  );
  const counts = new Map((r.fileRows('hourly') as { origin: string; window_start: string; flights: number }[]).map((h) => [`${h.origin}|${h.window_start}`, h.flights]));
  expect(counts).toEqual(p.counts);
  const leads = r.result.replay.sources.map((s) => s.maxWatermarkLeadMs);
  expect(leads).toEqual(p.maxLead);
}

const fileText = (r: Run, id: string): string => readFileSync(join(r.outDir, `${id}.jsonl`), 'utf8');

describe('a union of an in-order and a shuffled file (issue 25)', () => {
  let aligned: Run;
  const predicted = predict(mergeOrder(split));
  beforeAll(async () => {
    aligned = await run();
  });

  it('the split is what the issue describes: half the flights each, one file out of order by up to 3 h', () => {
    expect(split[0].length + split[1].length).toBe(20_000);
    expect(Math.abs(split[0].length - split[1].length)).toBeLessThan(400);
    expect(split[0].every((r, i) => i === 0 || (split[0][i - 1] as Arrival).ts <= r.ts)).toBe(true);
    const inversions = split[1].filter((r, i) => i > 0 && (split[1][i - 1] as Arrival).ts > r.ts).length;
    expect(inversions).toBeGreaterThan(2000);
  });

  it('aligned (the default with two sources): exactly the late records, watermarks, counts and leads of an independent merge by event time', () => {
    expect(aligned.result.replay.mode).toBe('aligned');
    expect(aligned.result.replay.sources.map((s) => s.merged)).toEqual([true, true]);
    expect(predicted.late.length).toBeGreaterThan(50);
    expectAsPredicted(aligned, predicted);
    console.log(`aligned: ${predicted.late.length} late of 20,000; max watermark lead in-order ${predicted.maxLead[0]} ms, shuffled ${predicted.maxLead[1]} ms`);
  });

  it('drift 0 gives byte for byte what aligned gives', async () => {
    const drift0 = await run({ mode: 'drift', maxAllowedWatermarkDrift: 0 });
    expect(drift0.result.replay).toMatchObject({ mode: 'drift', maxAllowedWatermarkDrift: 0 });
    expect(fileText(drift0, 'late')).toBe(fileText(aligned, 'late'));
    expect(fileText(drift0, 'hourly')).toBe(fileText(aligned, 'hourly'));
  });

  it('drift 2 h: a source runs up to 2 h ahead before the other catches up, exactly as the model with that drift', async () => {
    const drift = await run({ mode: 'drift', maxAllowedWatermarkDrift: '2h' });
    const model = predict(mergeOrder(split, 2 * 3_600_000));
    expectAsPredicted(drift, model);
    expect(model.late).not.toEqual(predicted.late);
    // A source that runs ahead holds nothing back, but the one left behind holds the union's
    // watermark back while the other runs: the shuffled file's delayed records get through.
    console.log(`drift 2h: ${model.late.length} late (aligned: ${predicted.late.length}); max watermark lead in-order ${model.maxLead[0]} ms, shuffled ${model.maxLead[1]} ms`);
  });

  it('chunked: sources take turns by 2,048 lines, so one runs weeks of event time ahead and late rows come from the shuffled file\'s own watermark', async () => {
    const chunked = await run({ mode: 'chunked' });
    expect(chunked.result.replay.sources.map((s) => s.merged)).toEqual([false, false]);
    const leads = chunked.result.replay.sources.map((s) => s.maxWatermarkLeadMs ?? 0);
    // 2,048 lines of a 10,000-line file spanning 90 days are about 18 days of event time.
    expect(Math.max(...leads)).toBeGreaterThan(5 * 86_400_000);
    const late = chunked.fileRows('late') as unknown as LateRow[];
    const counted = chunked.fileRows('hourly').reduce((n, h) => n + (h.flights as number), 0);
    expect(counted + late.length).toBe(20_000);
    // Every late row is a shuffled record (the in-order file is never behind its own watermark),
    // reported against at most the shuffled file's own watermark at that record: the union's
    // minimum, which here is mostly the shuffled file's own, the other being far ahead.
    const shuffled = split[1];
    let at = 0;
    let own = 0;
    for (const l of late) {
      const json = JSON.stringify(l.record);
      while (at < shuffled.length && JSON.stringify((shuffled[at] as Arrival).flight) !== json) at++;
      expect(at, `late record ${json} is from the shuffled file`).toBeLessThan(shuffled.length);
      const before = shuffled.slice(0, at).reduce((m, r) => Math.max(m, r.ts), Number.NEGATIVE_INFINITY);
      const ownWatermark = before - 5 * 60_000 - 1;
      expect(Date.parse(l.watermark)).toBeLessThanOrEqual(ownWatermark);
      if (Date.parse(l.watermark) === ownWatermark) own++;
      at++;
    }
    console.log(
      `chunked: ${late.length} late (aligned: ${predicted.late.length}), ${own} of them against the shuffled file's own watermark; ` +
        `max watermark lead ${(Math.max(...leads) / 86_400_000).toFixed(1)} days`,
    );
  });
});

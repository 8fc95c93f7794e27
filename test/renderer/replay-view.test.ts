/**
 * What the studio shows about replay modes: the label on source nodes (only with several sources
 * or a chosen mode; Kafka and file sources count, operators do not), and the run summary's line
 * parsed through the host protocol's schema from a real run's result.
 */
import { describe, expect, it } from 'vitest';
import { RunSummarySchema } from '../../engine/host/protocol.ts';
import { replaySummaryText } from '../../engine/pipeline/replay.ts';
import { sourceCount, sourceReplayLabel } from '../../renderer/model/replay-view.ts';
import type { EditorDocument } from '../../renderer/model/editor-document.ts';
import { runPipeline } from '../engine/harness.ts';
import { splitFlights, unionPipeline } from '../replay/union-fixture.ts';

const node = (id: string, type: string): EditorDocument['nodes'][number] => ({ id, type, position: { x: 0, y: 0 }, config: {} });
const doc = (types: string[], replay?: Record<string, unknown>): EditorDocument => ({
  version: 1,
  name: 'd',
  ...(replay ? { settings: { replay } } : {}),
  nodes: types.map((t, i) => node(`n${i}`, t)),
  edges: [],
});

describe('replay on the canvas', () => {
  it('labels sources with the mode a run would use', () => {
    expect(sourceCount(doc(['fileSource', 'kafkaSource', 'union', 'fileSink']))).toBe(2);
    expect(sourceReplayLabel(doc(['fileSource', 'fileSink']))).toBeUndefined();
    expect(sourceReplayLabel(doc(['fileSource', 'generator', 'union']))).toBe('aligned');
    expect(sourceReplayLabel(doc(['fileSource', 'fileSink'], { mode: 'chunked' }))).toBe('chunked');
    expect(sourceReplayLabel(doc(['fileSource', 'values'], { mode: 'drift', maxAllowedWatermarkDrift: '90s' }))).toBe('drift ≤ 1m 30s');
    // An invalid setting (listed as a problem) shows the default.
    expect(sourceReplayLabel(doc(['fileSource', 'values'], { mode: 'drift' }))).toBe('aligned');
  });

  it('the run summary of a real run passes the host protocol with its replay line', async () => {
    const [a, b] = splitFlights(7, 3_600_000);
    const lines = (l: typeof a): string => l.slice(0, 500).map((r) => JSON.stringify(r.flight)).join('\n') + '\n';
    const run = await runPipeline(unionPipeline({ mode: 'drift', maxAllowedWatermarkDrift: '30m' }) as never, { files: { 'in-order.jsonl': lines(a), 'shuffled.jsonl': lines(b) } });
    const summary = RunSummarySchema.parse(JSON.parse(JSON.stringify(run.result)));
    const text = summary.replay ? replaySummaryText(summary.replay) : undefined;
    expect(text).toMatch(/^replay drift \(maxAllowedWatermarkDrift 30m\): in_order, shuffled merged by event time; watermark lead at most in_order \S+( \S+)?, shuffled \S+( \S+)?$/);
  });
});

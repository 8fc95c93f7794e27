// `tributary run` on rows in descending event time: with periodic watermarks that never advanced
// before the end (interval 1 h, so the machine's speed does not matter) nothing is late, as in
// Flink, and the summary says why in a hint line; with punctuated watermarks the late count is
// the one Flink's rules give (computed here) and there is no hint.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from './run-cli.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0);
const rows = Array.from({ length: 12 }, (_, i) => ({ ts: T0 + (11 - i) * MINUTE, v: i }));

function pipeline(watermarks: Record<string, unknown>, windowed = true): string {
  const dir = tempDir();
  const file = join(dir, 'descending.pipeline.json');
  const doc = {
    version: 1,
    name: 'Descending replay',
    nodes: [
      { id: 'rows', type: 'values', position: { x: 0, y: 0 }, config: { rows, time: { mode: 'event', field: 'ts' }, watermarks } },
      { id: 'win', type: 'tumblingWindow', position: { x: 300, y: 0 }, config: { size: '1m', aggregates: [{ name: 'n', fn: 'count' }] } },
      { id: 'sink', type: 'previewSink', position: { x: 600, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'rows', sourcePort: 'out', target: 'win', targetPort: 'in' },
      { id: 'e2', source: 'win', sourcePort: 'out', target: 'sink', targetPort: 'in' },
    ],
  };
  if (!windowed) {
    doc.nodes = doc.nodes.filter((n) => n.id !== 'win');
    doc.edges = [{ id: 'e1', source: 'rows', sourcePort: 'out', target: 'sink', targetPort: 'in' }];
  }
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Flink's rules with a watermark after every record (bound 0): late when `window end - 1 <= watermark`. */
function latePunctuated(): number {
  let watermark = -Infinity;
  let late = 0;
  for (const r of rows) {
    if (Math.floor(r.ts / MINUTE) * MINUTE + MINUTE - 1 <= watermark) late += 1;
    watermark = Math.max(watermark, r.ts - 1);
  }
  return late;
}

interface Summary {
  nodes: { nodeId: string; late: number; watermarks?: { emit: string; emitted: number; beyondBound: number } }[];
}

describe('watermark hint in the run summary', () => {
  it('explains a periodic watermark that never advanced, and names the records beyond the bound', () => {
    const file = pipeline({ emit: 'periodic', interval: '1h' });
    const r = tributary(['run', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `hint: source rows: watermarks were emitted 0 times during this run (its input was read before the first periodic watermark, 3600000 ms of processing time, so nothing could be late); ${rows.length - 1} records arrived more out of order than maxOutOfOrderness; lateness depends on timing; use punctuated for reproducible lateness`,
    );
    const json = JSON.parse(tributary(['run', file, '--json']).stdout) as Summary;
    expect(json.nodes.find((n) => n.nodeId === 'win')?.late).toBe(0);
    expect(json.nodes.find((n) => n.nodeId === 'rows')?.watermarks).toEqual({ emit: 'periodic', intervalMs: 3_600_000, emitted: 0, beyondBound: rows.length - 1 });
  });

  it('gives no hint with punctuated watermarks, whose late count follows from the input alone', () => {
    const file = pipeline({ emit: 'punctuated' });
    const r = tributary(['run', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('hint:');
    const json = JSON.parse(tributary(['run', file, '--json']).stdout) as Summary;
    expect(json.nodes.find((n) => n.nodeId === 'win')?.late).toBe(latePunctuated());
    expect(latePunctuated()).toBe(rows.length - 1);
    // Punctuated: a watermark after every record, but it only advances when the maximum grows — once, at the first (newest) row.
    expect(json.nodes.find((n) => n.nodeId === 'rows')?.watermarks?.emitted).toBe(1);
  });

  it('gives no hint when no node can count late records', () => {
    const r = tributary(['run', pipeline({ emit: 'periodic', interval: '1h' }, false)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sink\s*│\s*previewSink/);
    expect(r.stderr).not.toContain('hint:');
  });
});

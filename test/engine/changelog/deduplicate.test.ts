/**
 * `deduplicate` (Flink's deduplication): keep first/last per key, in arrival or event-time order,
 * with hand-computed changelogs; an append-only result only for keep-first in arrival order,
 * and append-only input only (TRB022 otherwise).
 */
import { describe, expect, it } from 'vitest';
import { doc, edge, node, problemsOf, runPipeline } from '../harness.ts';

const rows = [
  { id: 1, v: 'a', ts: 10 },
  { id: 2, v: 'b', ts: 20 },
  { id: 1, v: 'c', ts: 5 },
  { id: 1, v: 'd', ts: 30 },
];
const [a, b, c, d] = rows;

async function dedup(keep: 'first' | 'last', order: 'arrival' | 'eventTime', mode: 'append' | 'changelog'): Promise<unknown[]> {
  const run = await runPipeline(
    doc(
      [
        node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
        node('dedup', 'deduplicate', { key: ['id'], keep, order }),
        node('out', 'fileSink', { mode }),
      ],
      [edge('src', 'dedup'), edge('dedup', 'out')],
    ),
  );
  expect(run.metrics('dedup')).toMatchObject({ in: 4 });
  return run.fileRows('out');
}

describe('deduplicate', () => {
  it('keep first in arrival order: an append-only stream of each key\'s first row', async () => {
    expect(await dedup('first', 'arrival', 'append')).toEqual([a, b]);
  });

  it('keep last in arrival order: every later row replaces the kept one', async () => {
    expect(await dedup('last', 'arrival', 'changelog')).toEqual([
      { op: '+I', row: a },
      { op: '+I', row: b },
      { op: '-U', row: a },
      { op: '+U', row: c },
      { op: '-U', row: c },
      { op: '+U', row: d },
    ]);
  });

  it('by event time: first keeps the earliest timestamp, last the latest', async () => {
    expect(await dedup('first', 'eventTime', 'changelog')).toEqual([
      { op: '+I', row: a },
      { op: '+I', row: b },
      { op: '-U', row: a },
      { op: '+U', row: c },
    ]);
    expect(await dedup('last', 'eventTime', 'changelog')).toEqual([
      { op: '+I', row: a },
      { op: '+I', row: b },
      { op: '-U', row: a },
      { op: '+U', row: d },
    ]);
  });

  it('an updating result cannot go into an append-only sink, and updating input is refused', () => {
    const src = node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } });
    const last = node('dedup', 'deduplicate', { key: ['id'], keep: 'last' });
    const problems = problemsOf(doc([src, last, node('out', 'fileSink')], [edge('src', 'dedup'), edge('dedup', 'out')]));
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['TRB022', 'out']]);
    const cdc = node('orders', 'cdcSource', { path: 'orders.jsonl' });
    const first = node('dedup', 'deduplicate', { key: ['id'] });
    const refused = problemsOf(doc([cdc, first, node('out', 'fileSink')], [edge('orders', 'dedup'), edge('dedup', 'out')]));
    expect(refused.map((p) => [p.code, p.nodeId])).toEqual([['TRB022', 'dedup']]);
  });
});

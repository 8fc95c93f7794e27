/**
 * The crash-test pipeline: the flights repeated to 200 k events, feeding both the
 * delays-by-origin branch (filter → keyBy → 1 h tumbling window → sink `hourly`) and the
 * route-enrichment branch (lookup join with airports → keyBy state → 3 h/1 h sliding window →
 * sink `by_state`), checkpointed every 150 ms.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../cli/run-cli.ts';
import { flights } from '../examples/flights-data.ts';

export const COPIES = 10;

/** Writes the data and the pipeline into a fresh temp dir. @returns the pipeline file's path. */
export function writeCrashFixture(copies = COPIES): { dir: string; pipeline: string } {
  const dir = tempDir('tributary-crash-');
  const all = flights();
  const lines: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const shift = copy * 90 * 86_400_000;
    for (const f of all) {
      const d = new Date(Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z') + shift);
      lines.push(JSON.stringify({ ...f, date: d.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ') }));
    }
  }
  writeFileSync(join(dir, 'flights.jsonl'), lines.join('\n') + '\n');
  const doc = {
    version: 1,
    name: 'crash test',
    checkpoint: { intervalMs: 150, retain: 3 },
    nodes: [
      {
        id: 'flights',
        type: 'fileSource',
        config: { path: 'flights.jsonl', time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, watermarks: { maxOutOfOrderness: '5m' } },
      },
      { id: 'delayed', type: 'filter', code: 'event.delay > 0' },
      { id: 'by_origin', type: 'keyBy', config: { key: { fields: ['origin'] } } },
      { id: 'per_hour', type: 'tumblingWindow', config: { size: '1h', aggregates: [{ name: 'flights', fn: 'count' }, { name: 'avg_delay', fn: 'avg', field: 'delay' }] } },
      { id: 'hourly', type: 'fileSink' },
      {
        id: 'airports',
        type: 'lookupJoin',
        config: { table: join(REPO, 'examples/data/airports.csv'), key: { fields: ['origin'] }, tableKey: ['iata'], select: ['state'], prefix: 'origin_', mode: 'inner' },
      },
      { id: 'key_state', type: 'keyBy', config: { key: { fields: ['origin_state'] } } },
      {
        id: 'departures',
        type: 'slidingWindow',
        config: { size: '3h', slide: '1h', aggregates: [{ name: 'departures', fn: 'count' }, { name: 'airports', fn: 'countDistinct', field: 'origin' }] },
      },
      { id: 'by_state', type: 'fileSink' },
    ],
    edges: [
      { id: 'e1', source: 'flights', target: 'delayed' },
      { id: 'e2', source: 'delayed', target: 'by_origin' },
      { id: 'e3', source: 'by_origin', target: 'per_hour' },
      { id: 'e4', source: 'per_hour', target: 'hourly' },
      { id: 'e5', source: 'flights', target: 'airports' },
      { id: 'e6', source: 'airports', target: 'key_state' },
      { id: 'e7', source: 'key_state', target: 'departures' },
      { id: 'e8', source: 'departures', target: 'by_state' },
    ],
  };
  const pipeline = join(dir, 'crash.pipeline.json');
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
  return { dir, pipeline };
}

/**
 * Replay-mode cases (issue 25): two file sources over the same repeated flights file, unioned
 * into a 1 h tumbling count per origin, replayed `aligned` (merged by event time), `drift` 1 h
 * and `chunked` (sources take turns by chunk); and the single-source JSONL replay forced through
 * the merge (`aligned`), beside its default (`chunked`), to show what the merge costs per record.
 */
import { REPO, measure, type CaseResult } from './cases.ts';

export type BenchReplay = 'aligned' | 'chunked' | 'drift';

const settingsOf = (mode: BenchReplay): Record<string, unknown> => (mode === 'drift' ? { mode, maxAllowedWatermarkDrift: '1h' } : { mode });

function fileSource(id: string, path: string): Record<string, unknown> {
  return { id, type: 'fileSource', config: { path, time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, watermarks: { maxOutOfOrderness: '5m' } } };
}

/** Two sources over `path` → union → 1 h count per origin → preview sink. Events: the union's input. */
export function unionReplay(path: string, mode: BenchReplay): Promise<CaseResult> {
  return measure(
    `union of two file sources, replay ${mode === 'drift' ? 'drift 1h' : mode} (JSONL, --speed max)`,
    {
      version: 1,
      name: `bench-union-${mode}`,
      settings: { replay: settingsOf(mode) },
      nodes: [
        fileSource('a', path),
        fileSource('b', path),
        { id: 'u', type: 'union' },
        { id: 'per_hour', type: 'tumblingWindow', config: { key: { fields: ['origin'] }, size: '1h', aggregates: [{ name: 'flights', fn: 'count' }] } },
        { id: 'out', type: 'previewSink', config: { limit: 10 } },
      ],
      edges: [
        { id: 'e1', source: 'a', target: 'u' },
        { id: 'e2', source: 'b', target: 'u' },
        { id: 'e3', source: 'u', target: 'per_hour' },
        { id: 'e4', source: 'per_hour', target: 'out' },
      ],
    },
    REPO,
    'u',
  );
}

/** The JSONL replay case (one file source alone) with `settings.replay` set to `mode`. */
export function singleReplay(path: string, mode: BenchReplay): Promise<CaseResult> {
  return measure(
    `JSONL replay, one source, replay ${mode}${mode === 'chunked' ? ' (the default)' : ' (through the merge)'}`,
    { version: 1, name: `bench-single-${mode}`, settings: { replay: settingsOf(mode) }, nodes: [fileSource('flights', path)], edges: [] },
    REPO,
    'flights',
  );
}

/**
 * Benchmark case for the pattern node (Flink CEP): a 3-stage `followedBy` pattern with `within`
 * over generated events, per key. 1 M events over 10 k keys: each key sees an event every
 * 100 s of event time (the generator steps 10 ms and cycles the keys), values 0–999 pick the
 * stage (a < 300 ≤ b < 700 ≤ c), and `within` 10 min keeps about six events per partial match.
 */
import { measure, REPO, type CaseResult } from './cases.ts';

export function patternFollowedBy(count = 1_000_000, keys = 10_000): Promise<CaseResult> {
  return measure(
    `pattern: generator → 3-stage followedBy within 10 min (${keys.toLocaleString('en-US')} keys) → sink`,
    {
      version: 1,
      name: 'bench-pattern',
      nodes: [
        { id: 'source', type: 'generator', config: { count, keys, step: 10, watermarks: { maxOutOfOrderness: 0 } } },
        {
          id: 'pattern',
          type: 'pattern',
          config: {
            key: { fields: ['key'] },
            stages: [
              { name: 'a', contiguity: 'begin', condition: 'event.value < 300' },
              { name: 'b', contiguity: 'followedBy', condition: 'event.value >= 300 && event.value < 700' },
              { name: 'c', contiguity: 'followedBy', condition: 'event.value >= 700' },
            ],
            within: '10m',
          },
        },
        { id: 'sink', type: 'previewSink', config: { limit: 10 } },
      ],
      edges: [
        { id: 'a', source: 'source', target: 'pattern' },
        { id: 'b', source: 'pattern', target: 'sink' },
      ],
    },
    REPO,
    'pattern',
  );
}

/**
 * The expectations of doc-examples.ts checked against the real Apache Flink CEP 1.20: what the
 * conformance test asks of the pattern node is what Flink does (and not only what its docs say).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availability, FLINK_TEST_TIMEOUT_MS, useFlinkRunner, useScratchDir } from '../flink/flink-helpers.ts';
import { jsonl } from '../engine/harness.ts';
import { DOC_EXAMPLES } from './doc-examples.ts';

const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

describe.skipIf(!availability.ok)('Flink CEP 1.20 on the documented examples', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();

  Object.entries(DOC_EXAMPLES).forEach(([name, example], n) => {
    it(name, async () => {
      const file = (what: string): string => join(scratch(), `${n}-${what}.jsonl`);
      const events = example.events.map((e, i) => {
        const ev = typeof e === 'string' ? { id: e } : e;
        return { ...ev, k: 'key', t: ev.t ?? (i + 1) * 1000, type: ev.id.replace(/\d+$/, '').toLowerCase() };
      });
      writeFileSync(file('events'), jsonl(events));
      const result = await flink().runCep(
        {
          name,
          input: file('events'),
          timeField: 't',
          keyField: 'k',
          idField: 'id',
          maxOutOfOrderness: 0,
          pattern: example.pattern as unknown as Record<string, unknown>,
          matches: file('matches'),
          timeouts: file('timeouts'),
          late: file('late'),
        },
        { timeoutMs: 120_000 },
      );
      expect(result.error).toBeUndefined();
      const stages = example.pattern.stages.map((s) => s.name);
      const text = (m: Record<string, string[]>): string => stages.flatMap((s) => m[s] ?? []).join(' ');
      expect(lines(file('matches')).map((l) => text(JSON.parse(l) as Record<string, string[]>)).sort()).toEqual([...example.matches].sort());
      const timeouts = lines(file('timeouts')).map((l) => {
        const t = JSON.parse(l) as { match: Record<string, string[]>; at: number };
        return `${text(t.match)} @${t.at}`;
      });
      expect(timeouts.sort()).toEqual([...(example.timeouts ?? [])].sort());
    });
  });
});

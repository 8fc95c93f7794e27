/**
 * Differential test: the pattern node against real Apache Flink CEP 1.20 (flink-cep from Maven
 * Central on a local MiniCluster, engine/flink). Both read the same seeded event file — out of
 * order, with equal timestamps and events behind the watermark — with a punctuated
 * bounded-out-of-orderness watermark, key it, and apply each pattern of
 * differential-patterns.ts; matches, timed-out partial matches (with their timeout time) and
 * late events must be equal as multisets.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { availability, canonicalRows, FLINK_TEST_TIMEOUT_MS, useFlinkRunner, useScratchDir } from '../flink/flink-helpers.ts';
import { doc, edge, jsonl, node, runPipeline } from '../engine/harness.ts';
import { generateEvents, nodeConfig, type GeneratedEvent, type JsonPattern } from './cep-json.ts';
import { DIFFERENTIAL_PATTERNS } from './differential-patterns.ts';

const SEED = 20240611;
const BOUND = 1500;

interface Outcome {
  matches: string[];
  timeouts: string[];
  late: string[];
}

const readLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

/** `{ stage: [ids] }` of a Tributary row, stages that took no event left out (as in Flink's map). */
function ids(row: Record<string, unknown>, stages: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of stages) {
    const events = row[s] as GeneratedEvent[] | undefined;
    if (events && events.length > 0) out[s] = events.map((e) => e.id);
  }
  return out;
}

async function runTributary(p: JsonPattern, events: string): Promise<Outcome> {
  const run = await runPipeline(
    doc(
      [
        node('src', 'fileSource', {
          path: 'events.jsonl',
          time: { mode: 'event', field: 'ts', format: 'epochMillis' },
          watermarks: { maxOutOfOrderness: BOUND, emit: 'punctuated' },
        }),
        node('by_key', 'keyBy', { key: { fields: ['k'] } }),
        node('p', 'pattern', nodeConfig(p)),
        node('matches', 'fileSink', { path: 'matches.jsonl' }),
        node('timeouts', 'fileSink', { path: 'timeouts.jsonl' }),
        node('late', 'fileSink', { path: 'late.jsonl' }),
      ],
      [edge('src', 'by_key'), edge('by_key', 'p'), edge('p', 'matches'), edge('p', 'timeouts', 'timeout'), edge('p', 'late', 'late')],
    ),
    { files: { 'events.jsonl': events } },
  );
  const stages = p.stages.map((s) => s.name);
  return {
    matches: canonicalRows(run.fileRows('matches').map((r) => ids(r, stages))),
    timeouts: canonicalRows(run.fileRows('timeouts').map((r) => ({ match: ids(r, stages), at: Date.parse(String(r.timed_out_at)) }))),
    late: run.fileRows('late').map((r) => String((r.record as GeneratedEvent).id)).sort(),
  };
}

describe.skipIf(!availability.ok)('pattern node vs Apache Flink CEP 1.20', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();
  let events = '';
  beforeAll(() => {
    events = jsonl(generateEvents(SEED, 900, 4, 4000));
    writeFileSync(join(scratch(), 'events.jsonl'), events);
  });

  async function runFlink(name: string, p: JsonPattern): Promise<Outcome> {
    const dir = scratch();
    const file = (what: string): string => join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}-${what}.jsonl`);
    const result = await flink().runCep(
      {
        name,
        input: join(dir, 'events.jsonl'),
        timeField: 'ts',
        keyField: 'k',
        idField: 'id',
        maxOutOfOrderness: BOUND,
        pattern: p as unknown as Record<string, unknown>,
        matches: file('matches'),
        timeouts: file('timeouts'),
        late: file('late'),
      },
      { timeoutMs: 120_000 },
    );
    expect(result.error).toBeUndefined();
    return {
      matches: canonicalRows(readLines(file('matches')).map((l) => JSON.parse(l) as Record<string, unknown>)),
      timeouts: canonicalRows(readLines(file('timeouts')).map((l) => JSON.parse(l) as Record<string, unknown>)),
      late: readLines(file('late')).sort(),
    };
  }

  for (const [name, pattern] of Object.entries(DIFFERENTIAL_PATTERNS)) {
    it(name, async () => {
      const expected = await runFlink(name, pattern);
      const actual = await runTributary(pattern, events);
      console.log(`${name}: Flink ${expected.matches.length} matches, ${expected.timeouts.length} timeouts, ${expected.late.length} late`);
      expect(expected.matches.length, 'the pattern matches something').toBeGreaterThan(0);
      expect(actual.late).toEqual(expected.late);
      expect(actual.matches).toEqual(expected.matches);
      expect(actual.timeouts).toEqual(expected.timeouts);
    });
  }
});

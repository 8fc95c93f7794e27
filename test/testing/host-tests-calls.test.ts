/**
 * The studio's test calls through the engine host's protocol: "Accept as golden" records what the
 * pipeline writes on its own (small) input, which must equal the hand-computed expectation of the
 * example's test for the same flights; "Run tests" then passes, and fails with the diff after the
 * filter changes; "Compare with saved version" shows what that change does to the sink and where
 * node outputs start to differ. Untrusted folders run nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { parseRequest, type CallName, type CallResult } from '../../engine/host/protocol.ts';
import { REPO, tempDir } from '../cli/run-cli.ts';

const EXAMPLE = join(REPO, 'examples/flights/delays-by-origin.pipeline.json');
const EXAMPLE_TESTS = join(REPO, 'examples/flights/delays-by-origin.pipeline.test.json');

interface Doc {
  nodes: { id: string; code?: string; config: Record<string, unknown> }[];
}
type Row = Record<string, unknown>;
interface ExampleTests {
  tests: { inputs: { flights: { records: Row[] } }; expect: { hourly: { records: Row[] } } }[];
}

async function call<C extends CallName>(host: EngineHost, name: C, args: Record<string, unknown>): Promise<CallResult<C>> {
  const parsed = parseRequest({ kind: 'request', id: 1, call: name, args });
  if (!parsed.ok) throw new Error(parsed.error);
  const response = await host.handle(parsed.request);
  if (!response.ok) throw new Error(response.error);
  return response.result as CallResult<C>;
}

/** A workspace with the example reading the example test's eight flights from `flights.jsonl`. */
function workspace(): { root: string; doc: Doc; hand: Row[] } {
  const root = tempDir();
  const tests = JSON.parse(readFileSync(EXAMPLE_TESTS, 'utf8')) as ExampleTests;
  const first = tests.tests[0];
  if (!first) throw new Error('the example has no test');
  writeFileSync(join(root, 'flights.jsonl'), first.inputs.flights.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Doc;
  for (const n of doc.nodes) if (n.id === 'flights') n.config.path = 'flights.jsonl';
  writeFileSync(join(root, 'delays.pipeline.json'), JSON.stringify(doc, null, 2));
  return { root, doc, hand: first.expect.hourly.records };
}

const sortRows = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();

describe('EngineHost runTests / acceptGolden / compareWithSaved', () => {
  it('accepts a run as golden, passes it, fails an edit with the diff, and compares the edit with the saved file', async () => {
    const { root, doc, hand } = workspace();
    const host = new EngineHost({ root });
    const args = { document: doc, baseDir: '.', documentPath: 'delays.pipeline.json' };

    const none = await call(host, 'runTests', args);
    expect(none).toEqual({ testFile: 'delays.pipeline.test.json', exists: false, problems: [], tests: [] });

    const golden = await call(host, 'acceptGolden', { ...args, name: 'golden run' });
    expect(golden).toEqual({ testFile: 'delays.pipeline.test.json', created: true, name: 'golden run', outputs: 1, rows: hand.length, sampled: [] });
    const written = JSON.parse(readFileSync(join(root, 'delays.pipeline.test.json'), 'utf8')) as { version: number; tests: { name: string; expect: { hourly: { records: Row[] } } }[] };
    expect(written.version).toBe(1);
    expect(written.tests.map((t) => t.name)).toEqual(['golden run']);
    // What the run wrote is what the example's test computed by hand for the same flights.
    expect(sortRows(written.tests[0]?.expect.hourly.records ?? [])).toEqual(sortRows(hand));

    const passing = await call(host, 'runTests', args);
    expect(passing.tests.map((t) => [t.name, t.status])).toEqual([['golden run', 'passed']]);

    const edited: Doc = JSON.parse(JSON.stringify(doc)) as Doc;
    for (const n of edited.nodes) if (n.id === 'delayed') n.code = 'event.delay > 15';
    const failing = await call(host, 'runTests', { ...args, document: edited });
    const t = failing.tests[0];
    expect(t?.status).toBe('failed');
    const hourly = t?.outputs.find((o) => o.ref === 'hourly');
    // By hand: LAS's only delayed flight (5 min) goes; DTW 00:00–01:00 keeps only its 30 min flight.
    expect(hourly?.diff.onlyA).toEqual({ count: 1, first: [hand.find((r) => r.origin === 'LAS')] });
    expect(hourly?.diff.onlyB.count).toBe(0);
    expect(hourly?.diff.changed.count).toBe(1);
    expect(hourly?.diff.changed.first[0]?.key).toEqual({ origin: 'DTW', window_start: '2001-01-01T00:00:00.000Z', window_end: '2001-01-01T01:00:00.000Z' });
    expect(hourly?.diff.changed.first[0]?.fields.sort()).toEqual(['avg_delay', 'flights']);
    expect(hourly?.diff.changed.first[0]?.b).toMatchObject({ flights: 1, avg_delay: 30 });

    const compared = await call(host, 'compareWithSaved', { ...args, document: edited });
    if (compared.status !== 'compared') throw new Error(compared.message);
    expect(compared.equal).toBe(false);
    const sink = compared.outputs.find((o) => o.ref === 'hourly');
    expect(sink?.diff.onlyA.count).toBe(1);
    expect(sink?.diff.changed.count).toBe(1);
    // The filter's output loses the two flights delayed by 5 and 10 minutes, and nothing else.
    const delayed = compared.outputs.find((o) => o.ref === 'delayed.out');
    expect(delayed?.diff.onlyA.count).toBe(2);
    expect(delayed?.diff.onlyA.first.map((r) => r.delay).sort()).toEqual([10, 5]);
    expect(delayed?.diff.onlyB.count).toBe(0);
    expect(compared.outputs.find((o) => o.ref === 'flights.out')?.diff.equal).toBe(true);

    const same = await call(host, 'compareWithSaved', args);
    expect(same).toMatchObject({ status: 'compared', equal: true });

    // "Compare with file…": another file holding the same filter writes what the edited document writes.
    writeFileSync(join(root, 'variant.pipeline.json'), JSON.stringify(edited));
    const withFile = await call(host, 'compareWithSaved', { ...args, document: edited, againstPath: 'variant.pipeline.json' });
    expect(withFile).toMatchObject({ status: 'compared', equal: true });
    const againstOriginal = await call(host, 'compareWithSaved', { ...args, againstPath: 'variant.pipeline.json' });
    if (againstOriginal.status !== 'compared') throw new Error(againstOriginal.message);
    // Reversed sides: the original document (B) now has the LAS row the variant (A) lacks.
    expect(againstOriginal.outputs.find((o) => o.ref === 'hourly')?.diff.onlyB).toEqual({ count: 1, first: [hand.find((r) => r.origin === 'LAS')] });
  }, 180_000);

  it('cuts a large JSON Lines source to its first records, written into the test, keeping the source\'s disorder', async () => {
    const { root, doc } = workspace();
    for (const n of doc.nodes) if (n.id === 'flights') n.config.disorder = { maxDelay: '1m', seed: 7 };
    const host = new EngineHost({ root });
    const golden = await call(host, 'acceptGolden', { document: doc, documentPath: 'delays.pipeline.json', sample: 3 });
    expect(golden.sampled).toEqual([{ nodeId: 'flights', records: 3 }]);
    const lines = readFileSync(join(root, 'flights.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
    const written = JSON.parse(readFileSync(join(root, 'delays.pipeline.test.json'), 'utf8')) as { tests: { inputs: Record<string, Row>; expect: { hourly: { records: Row[] } } }[] };
    expect(written.tests[0]?.inputs).toEqual({ flights: { records: lines.slice(0, 3), disorder: { maxDelay: '1m', seed: 7 } } });
    // By hand from the first three flights (00:05 DTW +10, 00:15 LAS 0, 00:20 LAS +5): delayed ones per origin and hour.
    const hour = { window_start: '2001-01-01T00:00:00.000Z', window_end: '2001-01-01T01:00:00.000Z' };
    expect(sortRows(written.tests[0]?.expect.hourly.records ?? [])).toEqual(sortRows([{ origin: 'DTW', ...hour, flights: 1, avg_delay: 10 }, { origin: 'LAS', ...hour, flights: 1, avg_delay: 5 }]));
    expect(golden.rows).toBe(2);
    const passing = await call(host, 'runTests', { document: doc, documentPath: 'delays.pipeline.json' });
    expect(passing.tests.map((t) => t.status)).toEqual(['passed']);
  }, 120_000);

  it('refuses to run an untrusted folder\'s code', async () => {
    const { root, doc } = workspace();
    const previous = process.env.TRIBUTARY_CONFIG_DIR;
    process.env.TRIBUTARY_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tributary-empty-config-'));
    try {
      const host = new EngineHost({ root });
      for (const name of ['runTests', 'acceptGolden', 'compareWithSaved'] as const)
        await expect(call(host, name, { document: doc, documentPath: 'delays.pipeline.json' })).rejects.toThrow(/TRB108|not trusted/);
    } finally {
      if (previous === undefined) delete process.env.TRIBUTARY_CONFIG_DIR;
      else process.env.TRIBUTARY_CONFIG_DIR = previous;
    }
  });
});

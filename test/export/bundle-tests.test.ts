/**
 * An exported bundle carries its pipeline's tests: `tributary export` copies the test file and
 * the input files it names into `tests/`, and `node job.mjs --test` (no NODE_PATH, only the
 * bundle's own node_modules) runs them on the bundle's engine: exit 0 when they pass, 1 with
 * the diff when an expectation no longer holds. A test file whose input is missing refuses
 * the export.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { installFromRepo } from './install.ts';
import { startJob } from './bundle-fixture.ts';

const EXAMPLE = join(REPO, 'examples/flights/delays-by-origin.pipeline.json');
const EXAMPLE_TESTS = join(REPO, 'examples/flights/delays-by-origin.pipeline.test.json');

interface TestFile {
  tests: { name: string; inputs: Record<string, { path?: string; records?: unknown[] }>; expect: Record<string, { records: Record<string, unknown>[] }> }[];
}

/**
 * The example and its tests in a temp folder; the first test reads its flights from
 * `inputs/flights.jsonl` (the same records, as a file) so the export has an input file to copy.
 */
function project(): { dir: string; pipeline: string; flightsJsonl: string } {
  const dir = tempDir();
  const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: { id: string; config: Record<string, unknown> }[] };
  for (const n of doc.nodes) if (n.id === 'flights') n.config.path = join(REPO, 'examples/data/flights-20k.jsonl');
  const pipeline = join(dir, 'delays.pipeline.json');
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
  const tests = JSON.parse(readFileSync(EXAMPLE_TESTS, 'utf8')) as TestFile & { $schema?: string };
  delete tests.$schema;
  const first = tests.tests[0];
  if (!first?.inputs.flights?.records) throw new Error('the example test changed: its first test has no inline flights');
  const flightsJsonl = first.inputs.flights.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  mkdirSync(join(dir, 'inputs'));
  writeFileSync(join(dir, 'inputs/flights.jsonl'), flightsJsonl);
  first.inputs.flights = { path: 'inputs/flights.jsonl' };
  writeFileSync(join(dir, 'delays.pipeline.test.json'), JSON.stringify(tests, null, 2));
  return { dir, pipeline, flightsJsonl };
}

describe('node job.mjs --test', () => {
  it('runs the bundled tests from the bundle alone, and fails with the diff when an expectation changes', async () => {
    const { pipeline, flightsJsonl } = project();
    const bundle = join(tempDir('tributary-bundle-'), 'bundle');
    const exported = tributary(['export', pipeline, '--out', bundle]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('tests: 2 (from delays.pipeline.test.json); run them with node job.mjs --test');
    installFromRepo(bundle);

    const bundledFile = join(bundle, 'tests/delays.pipeline.test.json');
    const bundled = JSON.parse(readFileSync(bundledFile, 'utf8')) as TestFile & { pipeline: string };
    expect(bundled.pipeline).toBe('../pipeline.json');
    expect(bundled.tests[0]?.inputs.flights).toEqual({ path: 'data/1-flights.jsonl' });
    expect(readdirSync(join(bundle, 'tests/data'))).toEqual(['1-flights.jsonl']);
    expect(readFileSync(join(bundle, 'tests/data/1-flights.jsonl'), 'utf8')).toBe(flightsJsonl);
    expect(readFileSync(join(bundle, 'README.md'), 'utf8')).toContain("holds the pipeline's 2 tests");

    const passing = await startJob(bundle, ['--test']).done;
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);
    expect(passing.stdout.match(/^ {2}PASS {2}/gm)).toHaveLength(2);
    expect(passing.stdout).toMatch(/^tests: 2 passed, 0 failed, 0 errors \([\d.]+ s\)$/m);

    // Claim LAS's 00:00 hour had two delayed flights: the run (one flight, 5 min) must contradict it.
    const las = bundled.tests[0]?.expect.hourly?.records.find((r) => r.origin === 'LAS');
    if (!las) throw new Error('the example test changed: no LAS row');
    las.flights = 2;
    writeFileSync(bundledFile, JSON.stringify(bundled, null, 2));
    const junit = join(tempDir(), 'report.xml');
    const failing = await startJob(bundle, ['--test', '--junit', junit]).done;
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(/^ {2}FAIL {2}delayed flights per origin and hour/m);
    expect(failing.stdout).toContain('hourly: DIFFERENT — 4 equal, 0 missing, 0 unexpected, 1 changed');
    expect(failing.stdout).toContain('origin=LAS, window_start=2001-01-01T00:00:00.000Z, window_end=2001-01-01T01:00:00.000Z: flights 2 → 1');
    expect(failing.stdout).toMatch(/^tests: 1 passed, 1 failed, 0 errors/m);
    expect(readFileSync(junit, 'utf8')).toMatch(/tests="2" failures="1" errors="0"/);

    const misuse = await startJob(bundle, ['--junit', junit]).done;
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--junit is for --test');
  }, 180_000);

  it('refuses the export when a test names an input file that does not exist, and a bundle without tests says so', async () => {
    const { dir, pipeline } = project();
    const testFile = join(dir, 'delays.pipeline.test.json');
    const tests = JSON.parse(readFileSync(testFile, 'utf8')) as TestFile;
    const first = tests.tests[0];
    if (!first) throw new Error('no first test');
    first.inputs.flights = { path: 'inputs/nope.jsonl' };
    writeFileSync(testFile, JSON.stringify(tests));
    const out = join(tempDir('tributary-bundle-'), 'bundle');
    const refused = tributary(['export', pipeline, '--out', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('export refused: tests ');
    expect(refused.stderr).toContain('test "delayed flights per origin and hour: count and average delay", input flights:');
    expect(refused.stderr).toContain('nope.jsonl');
    expect(existsSync(out)).toBe(false);

    const plain = join(dir, 'plain');
    mkdirSync(plain);
    const plainPipeline = join(plain, 'delays.pipeline.json');
    writeFileSync(plainPipeline, readFileSync(pipeline));
    const bundle = join(tempDir('tributary-bundle-'), 'bundle');
    const exported = tributary(['export', plainPipeline, '--out', bundle]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).not.toContain('tests:');
    expect(existsSync(join(bundle, 'tests'))).toBe(false);
    installFromRepo(bundle);
    const none = await startJob(bundle, ['--test']).done;
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('this bundle has no tests');
  }, 180_000);
});

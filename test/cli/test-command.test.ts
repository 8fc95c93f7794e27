/**
 * `tributary test` as CI meets it: the examples' test files pass; a deliberately changed filter
 * fails with the diff a reader can check by hand against the test's inputs; JUnit XML; `--update`;
 * refusals (untrusted folder, a malformed test file) that name the place.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from './run-cli.ts';

const EXAMPLE = join(REPO, 'examples/flights/delays-by-origin.pipeline.json');
const EXAMPLE_TESTS = join(REPO, 'examples/flights/delays-by-origin.pipeline.test.json');

/** The delays-by-origin example and its tests in a temp folder, with the filter's code replaced. */
function changedFilter(code: string): string {
  const dir = tempDir();
  const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: { id: string; code?: string; config: Record<string, unknown> }[] };
  for (const n of doc.nodes) {
    if (n.id === 'delayed') n.code = code;
    if (n.id === 'flights') n.config.path = join(REPO, 'examples/data/flights-20k.jsonl');
  }
  writeFileSync(join(dir, 'delays.pipeline.json'), JSON.stringify(doc, null, 2));
  copyFileSync(EXAMPLE_TESTS, join(dir, 'delays.pipeline.test.json'));
  return dir;
}

const exampleTestCount = (): number => {
  let n = 0;
  for (const sub of ['flights', 'patterns'])
    for (const f of readdirSync(join(REPO, 'examples', sub)).filter((f) => f.endsWith('.pipeline.test.json')))
      n += (JSON.parse(readFileSync(join(REPO, 'examples', sub, f), 'utf8')) as { tests: unknown[] }).tests.length;
  return n;
};

describe('tributary test', () => {
  it('passes every example test file, one line per test', () => {
    const r = tributary(['test', 'examples/']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const count = exampleTestCount();
    expect(count).toBeGreaterThanOrEqual(5);
    expect(r.stdout.match(/^ {2}PASS {2}/gm)).toHaveLength(count);
    expect(r.stdout).toContain('examples/flights/delays-by-origin.pipeline.test.json (Delays by origin)');
    expect(r.stdout).toContain('examples/patterns/account-takeover.pipeline.test.json (Account takeover)');
    expect(r.stdout).toMatch(new RegExp(`^tests: ${count} passed, 0 failed, 0 errors \\(4 files, [\\d.]+ s\\)$`, 'm'));
  });

  it('fails a changed filter with the diff of missing and changed rows, keyed by origin and window', () => {
    // `delay > 15` instead of `> 0`: in the first test LAS's only delayed flight (5 min) and one of
    // DTW's two in 00:00–01:00 (10 min) drop out; in the second, DTW's 00:10 flight (10 min).
    const dir = changedFilter('event.delay > 15');
    const junit = join(dir, 'report.xml');
    const r = tributary(['test', dir, '--junit', junit]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    const at = (start: string): string[] => {
      const i = lines.findIndex((l) => l.startsWith(start));
      expect(i, r.stdout).toBeGreaterThanOrEqual(0);
      return lines.slice(i, lines.findIndex((l, j) => j > i && /^ {2}(PASS|FAIL|ERROR)|^tests:/.test(l)));
    };
    const w0 = 'window_start=2001-01-01T00:00:00.000Z, window_end=2001-01-01T01:00:00.000Z';
    expect(at('  FAIL  delayed flights per origin and hour')).toEqual([
      expect.stringMatching(/^ {2}FAIL {2}delayed flights per origin and hour: count and average delay \([\d.]+ s\)$/),
      '    hourly: DIFFERENT — 3 equal, 1 missing, 0 unexpected, 1 changed (expected 5 rows, got 4; key origin, window_start, window_end)',
      '      missing:',
      '        {"origin":"LAS","window_start":"2001-01-01T00:00:00.000Z","window_end":"2001-01-01T01:00:00.000Z","flights":1,"avg_delay":5}',
      '      changed:',
      `        origin=DTW, ${w0}: flights 2 → 1, avg_delay 20 → 30`,
    ]);
    expect(at('  FAIL  a flight later than')).toEqual([
      expect.stringMatching(/^ {2}FAIL {2}a flight later than the 5 min watermark bound/),
      '    hourly: DIFFERENT — 1 equal, 1 missing, 0 unexpected, 0 changed (expected 2 rows, got 1; key origin, window_start, window_end)',
      '      missing:',
      '        {"origin":"DTW","window_start":"2001-01-01T00:00:00.000Z","window_end":"2001-01-01T01:00:00.000Z","flights":1,"avg_delay":10}',
    ]);
    expect(r.stdout).toMatch(/^tests: 0 passed, 2 failed, 0 errors \(1 file, [\d.]+ s\)$/m);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="tributary test" tests="2" failures="2" errors="0" time="[\d.]+">/);
    expect(xml).toContain('<testsuite name="');
    expect(xml).toContain('delays.pipeline.test.json" tests="2" failures="2" errors="0" skipped="0"');
    expect(xml).toContain('<failure message="hourly: 1 missing, 1 changed" type="OutputDiff">hourly: DIFFERENT — 3 equal');
    expect(xml).toContain('{&quot;origin&quot;:&quot;LAS&quot;');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
  });

  it('--update rewrites the expected records with what the runs wrote, keeping the rest', () => {
    const dir = changedFilter('event.delay > 15');
    const r = tributary(['test', dir, '--update']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('updated 2 tests in');
    const file = JSON.parse(readFileSync(join(dir, 'delays.pipeline.test.json'), 'utf8')) as { $schema: string; tests: { name: string; inputs: unknown; expect: Record<string, { records: unknown[] }> }[] };
    const before = JSON.parse(readFileSync(EXAMPLE_TESTS, 'utf8')) as typeof file;
    expect(file.$schema).toBe(before.$schema);
    expect(file.tests.map((t) => t.inputs)).toEqual(before.tests.map((t) => t.inputs));
    const w = (h: number): { window_start: string; window_end: string } => ({ window_start: `2001-01-01T0${h}:00:00.000Z`, window_end: `2001-01-01T0${h + 1}:00:00.000Z` });
    // By hand, from the first test's inputs: flights delayed by more than 15 min per origin and hour.
    expect(file.tests[0]?.expect.hourly?.records).toEqual(
      expect.arrayContaining([
        { origin: 'DTW', ...w(0), flights: 1, avg_delay: 30 },
        { origin: 'DTW', ...w(1), flights: 1, avg_delay: 20 },
        { origin: 'SFO', ...w(1), flights: 1, avg_delay: 100 },
        { origin: 'SFO', ...w(2), flights: 1, avg_delay: 50 },
      ]),
    );
    expect(file.tests[0]?.expect.hourly?.records).toHaveLength(4);
    expect(file.tests[1]?.expect['per_hour.late']).toEqual(before.tests[1]?.expect['per_hour.late']);
    const again = tributary(['test', dir]);
    expect(again.status, again.stdout).toBe(0);
  });

  it('refuses an untrusted folder unless --trust, and lists every problem of a malformed test file with its place', () => {
    const dir = changedFilter('event.delay > 0');
    const config = mkdtempSync(join(tmpdir(), 'tributary-empty-config-'));
    const untrusted = tributary(['test', dir], { env: { TRIBUTARY_CONFIG_DIR: config } });
    expect(untrusted.status).toBe(1);
    expect(untrusted.stdout).toMatch(/ERROR TRB108 .*delays\.pipeline\.json: its folder .* is not trusted/);
    expect(untrusted.stdout).toContain('tests: 0 passed, 0 failed, 1 error');
    const trusted = tributary(['test', dir, '--trust'], { env: { TRIBUTARY_CONFIG_DIR: config } });
    expect(trusted.status, trusted.stdout).toBe(0);

    writeFileSync(
      join(dir, 'delays.pipeline.test.json'),
      JSON.stringify({ version: 1, tests: [{ name: 'x', inputs: { flights: { records: [{ a: 1 }, { a: 2 }], arrival: [0, 0] } } }] }),
    );
    const bad = tributary(['test', join(dir, 'delays.pipeline.json')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('ERROR the test file cannot be used');
    expect(bad.stdout).toContain('tests[0].inputs.flights.arrival: "arrival" must list each index 0..1 of "records" exactly once');
    expect(bad.stdout).toContain('tests[0].expect:');

    writeFileSync(join(dir, 'delays.pipeline.test.json'), '{ "version": 1,\n  "tests": [ }');
    const broken = tributary(['test', dir]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/test file .*delays\.pipeline\.test\.json( line \d+:\d+)?: not valid JSON/);
  });

  it('names a test that cannot run, and exits 1 without test files and 2 for a missing path', () => {
    const dir = changedFilter('event.delay > 0');
    writeFileSync(
      join(dir, 'delays.pipeline.test.json'),
      JSON.stringify({ version: 1, tests: [{ name: 'bad output', expect: { delayed: { records: [] } } }, { name: 'bad source', inputs: { hourly: { records: [] } }, expect: {} }] }),
    );
    const r = tributary(['test', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('output delayed: "delayed" is not a sink of the pipeline; name a node\'s output port (delayed.out, delayed.late, …)');
    expect(r.stdout).toContain('input hourly: "hourly" is a fileSink, not a source');
    expect(r.stdout).toMatch(/tests: 0 passed, 0 failed, 2 errors/);
    expect(tributary(['test', tempDir()]).status).toBe(1);
    expect(tributary(['test', join(dir, 'nope')]).status).toBe(2);
  });
});

/**
 * `tributary export`: each example becomes a bundle in a temp dir outside the repo, installed
 * from its own package.json only, and `node job.mjs` writes exactly what `tributary run` writes.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { EXAMPLES, exportAndInstall, node_modulesAbove, paramsFor, startJob } from './bundle-fixture.ts';

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.pipeline.json'));

function sinkFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
}

describe('tributary export', () => {
  it.each(examples)('%s: the bundle runs from its own folder and writes what tributary run writes', async (example) => {
    const pipeline = join(EXAMPLES, example);
    const reference = tempDir();
    const ref = tributary(['run', pipeline, '--out', reference, '--no-progress']);
    expect(ref.status, ref.stderr).toBe(0);

    const bundle = exportAndInstall(pipeline);
    expect(bundle.exportOutput).toMatch(/bundle size: [\d.]+ KiB \(job\.mjs [\d.]+ KiB\)/);
    expect(bundle.dir.startsWith(REPO)).toBe(false);
    expect(node_modulesAbove(bundle.dir)).toBeUndefined();
    expect(bundle.installed).toContain('node_modules/classic-level');

    const pkg = JSON.parse(readFileSync(join(bundle.dir, 'package.json'), 'utf8')) as { engines: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.engines).toEqual({ node: '>=20' });
    for (const [dep, version] of Object.entries(pkg.dependencies)) {
      expect(['classic-level', 'kafkajs']).toContain(dep);
      expect(version).toBe((JSON.parse(readFileSync(join(REPO, 'node_modules', dep, 'package.json'), 'utf8')) as { version: string }).version);
    }
    const job = readFileSync(join(bundle.dir, 'job.mjs'), 'utf8');
    expect(job).not.toMatch(/from\s*["']esbuild["']/);
    expect(job).not.toMatch(/from\s*["']zod["']/);
    const readme = readFileSync(join(bundle.dir, 'README.md'), 'utf8');
    expect(readme).toContain('flights.path');
    expect(readme).toContain('TRIBUTARY_PARAM_FLIGHTS_PATH');
    const example_params = JSON.parse(readFileSync(join(bundle.dir, 'params.example.json'), 'utf8')) as Record<string, unknown>;
    expect(example_params['flights.path']).toBe('../data/flights-20k.jsonl');

    const out = tempDir();
    const run = startJob(bundle.dir, [...paramsFor(pipeline, out), '--no-progress']);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/finished: 20,000 records read/);
    expect(sinkFiles(out)).toEqual(sinkFiles(reference));
    for (const file of sinkFiles(reference)) {
      const expected = readFileSync(join(reference, file));
      expect(expected.length).toBeGreaterThan(0);
      expect(readFileSync(join(out, file)).equals(expected), `${file} differs from tributary run`).toBe(true);
    }
  }, 120_000);

  it('takes parameters from the environment, resolves relative ones against the cwd, and lists them', async () => {
    const pipeline = join(EXAMPLES, 'delays-by-origin.pipeline.json');
    const reference = tempDir();
    expect(tributary(['run', pipeline, '--out', reference, '--no-progress']).status).toBe(0);
    const bundle = exportAndInstall(pipeline);
    const listed = await startJob(bundle.dir, ['--list-params']).done;
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('flights.path  (path; env TRIBUTARY_PARAM_FLIGHTS_PATH)');
    expect(listed.stdout).toContain('hourly.path  (path; env TRIBUTARY_PARAM_HOURLY_PATH)');
    const run = startJob(bundle.dir, ['--param', 'hourly.path=results/hourly.jsonl', '--no-progress'], {
      TRIBUTARY_PARAM_FLIGHTS_PATH: join(REPO, 'examples/data/flights-20k.jsonl'),
    });
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(bundle.dir, 'results/hourly.jsonl')).equals(readFileSync(join(reference, 'hourly.jsonl')))).toBe(true);
    const unknown = await startJob(bundle.dir, ['--param', 'nope.path=x']).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown parameter "nope.path" (known: flights.path, hourly.path)');
  }, 120_000);

  it('refuses an invalid pipeline with the problem lines of tributary validate', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.pipeline.json');
    const doc = JSON.parse(readFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.json'), 'utf8')) as { nodes: { id: string; code?: string; config: Record<string, unknown> }[] };
    for (const n of doc.nodes) {
      if (n.id === 'delayed') n.code = 'event.delay >';
      if (n.id === 'per_hour') n.config.size = '-1h';
    }
    writeJson(broken, doc);
    const validate = tributary(['validate', broken]);
    const exported = tributary(['export', broken, '--out', join(dir, 'bundle')]);
    expect(validate.status).toBe(1);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toBe(validate.stderr);
    expect(exported.stderr).toMatch(/TRB011 node delayed, field code/);
    expect(readdirSync(dir)).toEqual(['broken.pipeline.json']);
  });
});

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

/**
 * File → Export through the engine host's protocol call: a valid document becomes a bundle
 * folder inside the workspace (default `exports/<name slug>`); an invalid one is refused with
 * an error naming the node at fault and nothing is written.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { parseRequest, type Response } from '../../engine/host/protocol.ts';
import { tempDir } from '../cli/run-cli.ts';
import { EXAMPLES } from './bundle-fixture.ts';

function exportRequest(host: EngineHost, args: Record<string, unknown>): Promise<Response> {
  const parsed = parseRequest({ kind: 'request', id: 7, call: 'exportBundle', args });
  if (!parsed.ok) throw new Error(parsed.error);
  return host.handle(parsed.request);
}

const example = (): { name: string; nodes: { id: string; code?: string }[] } =>
  JSON.parse(readFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.json'), 'utf8')) as { name: string; nodes: { id: string; code?: string }[] };

describe('EngineHost exportBundle', () => {
  it('writes a runnable bundle folder under exports/<slug> in the workspace', async () => {
    const root = tempDir();
    const host = new EngineHost({ root });
    const response = await exportRequest(host, { document: example(), baseDir: '.' });
    expect(response.ok, response.ok ? '' : response.error).toBe(true);
    const result = (response as { result: { dir: string; bytes: number; files: { name: string; bytes: number }[] } }).result;
    expect(result.dir).toBe(join(root, 'exports', 'delays-by-origin'));
    for (const file of ['job.mjs', 'package.json', 'pipeline.json', 'README.md', 'params.example.json']) expect(existsSync(join(result.dir, file)), file).toBe(true);
    expect(result.files.map((f) => f.name)).toContain('job.mjs');
    expect(result.bytes).toBe(result.files.reduce((n, f) => n + f.bytes, 0));
    expect(result.bytes).toBeGreaterThan(10_000);
    const pkg = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('tributary-job-delays-by-origin');
  }, 60_000);

  it('bundles the tests beside the document\'s file (documentPath) into tests/', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'pipelines'));
    copyFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.test.json'), join(root, 'pipelines', 'delays.pipeline.test.json'));
    copyFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.json'), join(root, 'pipelines', 'delays.pipeline.json'));
    const host = new EngineHost({ root });
    const response = await exportRequest(host, { document: example(), documentPath: 'pipelines/delays.pipeline.json' });
    expect(response.ok, response.ok ? '' : response.error).toBe(true);
    const bundled = JSON.parse(readFileSync(join(root, 'exports', 'delays-by-origin', 'tests', 'delays.pipeline.test.json'), 'utf8')) as { pipeline: string; tests: unknown[] };
    expect(bundled.pipeline).toBe('../pipeline.json');
    expect(bundled.tests).toEqual((JSON.parse(readFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.test.json'), 'utf8')) as { tests: unknown[] }).tests);
    const without = await exportRequest(host, { document: example(), outDir: 'out/plain' });
    expect(without.ok).toBe(true);
    expect(existsSync(join(root, 'out', 'plain', 'tests'))).toBe(false);
  }, 60_000);

  it('honours outDir and refuses one outside the workspace', async () => {
    const root = tempDir();
    const host = new EngineHost({ root });
    const inside = await exportRequest(host, { document: example(), outDir: 'out/job' });
    expect(inside.ok).toBe(true);
    expect(existsSync(join(root, 'out', 'job', 'job.mjs'))).toBe(true);
    const outside = await exportRequest(host, { document: example(), outDir: '../elsewhere' });
    expect(outside).toMatchObject({ ok: false, error: expect.stringContaining('outside the workspace') });
  }, 60_000);

  it('refuses an invalid pipeline with its problems, naming the node, and writes nothing', async () => {
    const root = tempDir();
    const host = new EngineHost({ root });
    const doc = example();
    for (const n of doc.nodes) if (n.id === 'delayed') n.code = 'event.delay >';
    const response = await exportRequest(host, { document: doc });
    expect(response.ok).toBe(false);
    const error = (response as { error: string }).error;
    expect(error).toMatch(/^Export refused: the pipeline has 1 problem:/);
    expect(error).toMatch(/TRB011 node delayed, field code/);
    expect(existsSync(join(root, 'exports'))).toBe(false);
  });
});

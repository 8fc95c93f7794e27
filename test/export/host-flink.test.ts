/**
 * The engine host's Flink calls through the protocol (zod-validated requests): `exportFlink`
 * writes job.sql, README.md and params.json into the workspace or refuses with the reasons;
 * `flinkCheck` needs a trusted folder, and a pipeline Flink SQL cannot express is answered as
 * `refused` before any Flink starts. (The check that runs Flink is in test/flink/ and test/e2e/.)
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { FlinkCheckResultSchema, parseRequest, type HostEvent, type Response } from '../../engine/host/protocol.ts';
import { tempDir } from '../cli/run-cli.ts';
import { EXAMPLES } from './bundle-fixture.ts';

function call(host: EngineHost, name: string, args: Record<string, unknown>): Promise<Response> {
  const parsed = parseRequest({ kind: 'request', id: 3, call: name, args });
  if (!parsed.ok) throw new Error(parsed.error);
  return host.handle(parsed.request);
}

/** A workspace holding the flights examples and their data. */
function workspace(): string {
  const root = tempDir();
  cpSync(join(EXAMPLES, '..'), join(root, 'examples'), { recursive: true });
  return root;
}

const read = (root: string, name: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, 'examples', 'flights', `${name}.pipeline.json`), 'utf8')) as Record<string, unknown>;

describe('EngineHost exportFlink', () => {
  it('writes job.sql, README.md and params.json under exports/<slug>-flink, paths absolute', async () => {
    const root = workspace();
    const host = new EngineHost({ root });
    const response = await call(host, 'exportFlink', { document: read(root, 'delays-by-origin'), baseDir: 'examples/flights' });
    expect(response.ok, response.ok ? '' : response.error).toBe(true);
    const result = (response as { result: { dir: string; warnings: unknown[] } }).result;
    expect(result.dir).toBe(join(root, 'exports', 'delays-by-origin-flink'));
    expect(result.warnings).toEqual([]);
    const script = readFileSync(join(result.dir, 'job.sql'), 'utf8');
    expect(script).toContain(`'path' = '${join(root, 'examples', 'data', 'flights-20k.jsonl')}'`);
    expect(script).toContain(`'path' = '${join(root, 'out', 'hourly')}'`);
    expect(JSON.parse(readFileSync(join(result.dir, 'params.json'), 'utf8'))).toEqual({
      'flights.path': join(root, 'examples', 'data', 'flights-20k.jsonl'),
      'hourly.path': join(root, 'out', 'hourly'),
    });
    expect(existsSync(join(result.dir, 'README.md'))).toBe(true);
  });

  it('refuses a pipeline Flink SQL cannot express with every reason, writing nothing', async () => {
    const root = workspace();
    const host = new EngineHost({ root });
    const response = await call(host, 'exportFlink', { document: read(root, 'late-arrivals'), baseDir: 'examples/flights' });
    expect(response.ok).toBe(false);
    expect(response.ok ? '' : response.error).toBe(
      [
        'Flink export refused: Flink SQL cannot express 2 problems:',
        'TRB015 node flights, field disorder: disorder replay: the shuffle Tributary applies when replaying the file has no Flink counterpart: Flink reads the file in its order, so late records and first/last values would differ; remove `disorder` to export',
        'TRB015 node per_hour, field output late: the `late` output: Flink SQL drops records behind the watermark silently; it has no side output for late records',
      ].join('\n'),
    );
    expect(existsSync(join(root, 'exports'))).toBe(false);
  });
});

describe('EngineHost flinkCheck', () => {
  it('refuses to run the code of a pipeline whose folder is not trusted', async () => {
    const root = workspace();
    const untrusted = join(root, 'elsewhere');
    cpSync(join(root, 'examples', 'flights'), untrusted, { recursive: true });
    const host = new EngineHost({ root });
    const configDir = process.env.TRIBUTARY_CONFIG_DIR;
    process.env.TRIBUTARY_CONFIG_DIR = tempDir(); // a config that trusts nothing
    try {
      const response = await call(host, 'flinkCheck', { checkId: 'c1', document: read(root, 'delays-by-origin'), baseDir: 'elsewhere', documentPath: 'elsewhere/delays-by-origin.pipeline.json' });
      expect(response).toMatchObject({ ok: false, error: expect.stringContaining('its folder is not trusted') });
    } finally {
      process.env.TRIBUTARY_CONFIG_DIR = configDir;
    }
  });

  it('answers `refused` with the reasons before any Flink starts, after an `export` progress event', async () => {
    const root = workspace();
    const host = new EngineHost({ root });
    const events: HostEvent[] = [];
    host.onEvent((e) => events.push(e));
    const response = await call(host, 'flinkCheck', { checkId: 'c2', document: read(root, 'late-arrivals'), baseDir: 'examples/flights' });
    expect(response.ok, response.ok ? '' : response.error).toBe(true);
    const result = FlinkCheckResultSchema.parse((response as { result: unknown }).result);
    expect(result.status).toBe('refused');
    expect(result.problems.map((p) => p.nodeId)).toEqual(['flights', 'per_hour']);
    expect(events).toEqual([{ type: 'flinkCheckProgress', checkId: 'c2', phase: 'export', message: 'exporting the pipeline as a Flink SQL job' }]);
    await host.dispose();
  });
});

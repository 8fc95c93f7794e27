/**
 * Workspace trust: a pipeline from an untrusted folder runs no code — `tributary run` refuses it
 * with one line (exit 1), `--trust` runs it once, `tributary trust DIR` remembers the folder;
 * `validate` and `export` never run code and need no trust; the shipped examples are trusted;
 * the engine host refuses to run or infer a document opened from an untrusted folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';

let config: string;
let folder: string;
let pipeline: string;
let marker: string;

/** A pipeline whose map writes nothing but a record: running it shows as `out/out.jsonl`. */
function writePipeline(dir: string): string {
  writeFileSync(join(dir, 'in.jsonl'), '{"ts":1,"n":1}\n');
  const file = join(dir, 'ran.pipeline.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      name: 'ran',
      nodes: [
        { id: 'src', type: 'fileSource', config: { path: 'in.jsonl', time: { mode: 'event', field: 'ts' } } },
        { id: 'm', type: 'map', code: '({ ...event, ran: true })' },
        { id: 'out', type: 'fileSink' },
      ],
      edges: [
        { id: 'a', source: 'src', target: 'm' },
        { id: 'b', source: 'm', target: 'out' },
      ],
    }),
  );
  return file;
}

beforeEach(() => {
  config = tempDir('tributary-trust-config-');
  // Outside the OS temp folder that the test config trusts: under the repository's out/.
  folder = join(REPO, 'out', 'trust-test', Math.random().toString(36).slice(2));
  mkdirSync(folder, { recursive: true });
  pipeline = writePipeline(folder);
  marker = join(folder, 'out', 'out.jsonl');
});

const cli = (args: string[]) => tributary(args, { env: { TRIBUTARY_CONFIG_DIR: config } });

describe('workspace trust', () => {
  it('refuses to run an untrusted folder’s pipeline with one line, and runs nothing', () => {
    const r = cli(['run', pipeline, '--out', join(folder, 'out'), '--no-progress']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `TRB108 ${pipeline}: its folder ${folder} is not trusted, so its code was not run. Read the pipeline's code first, then run it with --trust (this once) or trust the folder with \`tributary trust ${folder}\`.`,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('validates and exports without trust (no code runs there)', () => {
    expect(cli(['validate', pipeline]).status).toBe(0);
    const e = cli(['export', pipeline, '--out', join(folder, 'bundle')]);
    expect(e.status, e.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs once with --trust, and always after `tributary trust DIR`', () => {
    const once = cli(['run', pipeline, '--out', join(folder, 'out'), '--no-progress', '--trust']);
    expect(once.status, once.stderr).toBe(0);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ ts: 1, n: 1, ran: true });
    expect(cli(['run', pipeline, '--out', join(folder, 'out2'), '--no-progress']).status).toBe(1);

    const t = cli(['trust', folder]);
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(`trusted: ${folder}`);
    expect(JSON.parse(readFileSync(join(config, 'trust.json'), 'utf8'))).toEqual({ version: 1, folders: [folder] });
    const again = cli(['run', pipeline, '--out', join(folder, 'out2'), '--no-progress']);
    expect(again.status, again.stderr).toBe(0);
    expect(cli(['trust', '--list']).stdout).toContain(folder);

    expect(cli(['trust', folder, '--remove']).status).toBe(0);
    expect(cli(['run', pipeline, '--out', join(folder, 'out3'), '--no-progress']).status).toBe(1);
  });

  it('trusts the examples that ship with Tributary', () => {
    const r = cli(['run', join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), '--out', join(folder, 'ex'), '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
  });

  it('the engine host refuses runs and input inference of a document from an untrusted folder', async () => {
    const previous = process.env.TRIBUTARY_CONFIG_DIR;
    process.env.TRIBUTARY_CONFIG_DIR = config;
    try {
      const host = new EngineHost({ root: REPO });
      const document = JSON.parse(readFileSync(pipeline, 'utf8')) as unknown;
      const relative = pipeline.slice(REPO.length + 1);
      const baseDir = folder.slice(REPO.length + 1);
      const run = await host.handle({ kind: 'request', id: 1, call: 'run', args: { document, baseDir, speed: 'max', documentPath: relative } });
      expect(run).toEqual({ kind: 'response', id: 1, ok: false, error: `${relative}: its folder is not trusted, so its code was not run; trust it first` });
      const infer = await host.handle({ kind: 'request', id: 2, call: 'inferSchema', args: { document, baseDir, nodeId: 'out', port: 'in', documentPath: relative } });
      expect(infer.ok).toBe(false);
      const status = await host.handle({ kind: 'request', id: 3, call: 'trustStatus', args: { path: relative } });
      expect(status).toEqual({ kind: 'response', id: 3, ok: true, result: { trusted: false, folder: baseDir } });
      expect((await host.handle({ kind: 'request', id: 4, call: 'trust', args: { path: relative } })).ok).toBe(true);
      const trusted = await host.handle({ kind: 'request', id: 5, call: 'run', args: { document, baseDir, speed: 'max', documentPath: relative } });
      expect(trusted.ok).toBe(true);
      await host.dispose();
    } finally {
      process.env.TRIBUTARY_CONFIG_DIR = previous;
    }
  });
});

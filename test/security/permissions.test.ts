/**
 * The second wall: what code inside a job process could do if it ever reached `process` (the
 * vm escapes of sandbox.test.ts are blocked before that). A probe runs under exactly the flags
 * `launchJob` gives a job (`jobPermissions` + `permissionFlags`) and tries each thing; the job's
 * inputs, outputs and checkpoint folder work, everything else is denied.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobEnvironment, jobPermissions, permissionFlags } from '../../engine/launch/permissions.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { tempDir } from '../cli/run-cli.ts';

const PROBE = `
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
const [secret, input, outDir, checkpointDir, outside] = process.argv.slice(2);
const results = {};
const tryIt = (name, f) => { try { const v = f(); results[name] = v === undefined ? 'ok' : v; } catch (e) { results[name] = e.code ?? e.name; } };
tryIt('readSecret', () => fs.readFileSync(secret, 'utf8'));
tryIt('readInput', () => fs.readFileSync(input, 'utf8').length > 0 ? 'ok' : 'empty');
tryIt('writeInput', () => fs.writeFileSync(input, 'x'));
tryIt('writeOutDir', () => fs.writeFileSync(outDir + '/result.jsonl', '{}'));
tryIt('writeCheckpointDir', () => { fs.mkdirSync(checkpointDir + '/db', { recursive: true }); fs.writeFileSync(checkpointDir + '/db/x', 'x'); });
tryIt('writeOutside', () => fs.writeFileSync(outside, 'x'));
tryIt('listHome', () => fs.readdirSync(process.env.HOME ?? '/root'));
tryIt('readProcEnviron', () => fs.readFileSync('/proc/self/environ', 'utf8'));
tryIt('spawn', () => process.getBuiltinModule('child_process').execFileSync('/bin/true'));
tryIt('dlopen', () => process.dlopen({ exports: {} }, '/nonexistent.node'));
tryIt('processBinding', () => process.binding('fs'));
tryIt('wasi', () => new (process.getBuiltinModule('wasi').WASI)({ version: 'preview1' }));
tryIt('eval', () => eval('1 + 1'));
tryIt('newFunction', () => new Function('return 1')());
tryIt('env', () => JSON.stringify(process.env));
const worker = new Worker("require('worker_threads').parentPort.postMessage((() => { try { return require('fs').readFileSync(" + JSON.stringify(secret) + ", 'utf8'); } catch (e) { return e.code; } })())", { eval: true });
worker.on('message', (m) => { results.workerReadSecret = m; console.log(JSON.stringify(results)); process.exit(0); });
worker.on('error', (e) => { results.workerReadSecret = e.code ?? e.name; console.log(JSON.stringify(results)); process.exit(0); });
`;

let results: Record<string, string>;
let withCheckpoints: Record<string, string>;
let outside: string;
const SECRET = 'tributary-secret-7b1e';

beforeAll(() => {
  results = probe(false);
  withCheckpoints = probe(true);
});

/** Runs the probe under the flags of a job that does or does not checkpoint. */
function probe(checkpointing: boolean): Record<string, string> {
  const root = tempDir('tributary-perm-');
  for (const d of ['runtime', 'pipeline', 'out', 'private', 'tmp']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'runtime', 'probe.mjs'), PROBE);
  writeFileSync(join(root, 'private', 'secret.txt'), SECRET);
  writeFileSync(join(root, 'pipeline', 'in.jsonl'), '{"ts":1}\n');
  outside = join(root, 'private', 'written.txt');
  const valid = validatePipeline({
    version: 1,
    name: 'probe',
    nodes: [
      { id: 'src', type: 'fileSource', config: { path: 'in.jsonl', time: { mode: 'event', field: 'ts' } } },
      { id: 'out', type: 'fileSink' },
    ],
    edges: [{ id: 'e', source: 'src', target: 'out' }],
  });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const checkpointDir = join(root, 'checkpoints');
  const permissions = jobPermissions({
    pipeline: valid.pipeline,
    baseDir: join(root, 'pipeline'),
    runtimeDirs: [join(root, 'runtime')],
    outDir: join(root, 'out'),
    checkpointDir: checkpointing ? checkpointDir : undefined,
    tempDir: join(root, 'tmp'),
  });
  const r = spawnSync(
    process.execPath,
    [...permissionFlags(permissions), join(root, 'runtime', 'probe.mjs'), join(root, 'private', 'secret.txt'), join(root, 'pipeline', 'in.jsonl'), join(root, 'out'), checkpointDir, outside],
    { encoding: 'utf8', env: jobEnvironment(join(root, 'tmp')), timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
}

describe('a job process, if user code reached `process`', () => {
  it('reads its inputs and writes its outputs, and its checkpoint folder only when it checkpoints', () => {
    expect(results).toMatchObject({ readInput: 'ok', writeOutDir: 'ok', writeCheckpointDir: 'ERR_ACCESS_DENIED' });
    expect(withCheckpoints).toMatchObject({ readInput: 'ok', writeOutDir: 'ok', writeCheckpointDir: 'ok' });
  });

  it('reads no other file and writes nowhere else, its inputs included', () => {
    expect(results).toMatchObject({ readSecret: 'ERR_ACCESS_DENIED', writeInput: 'ERR_ACCESS_DENIED', writeOutside: 'ERR_ACCESS_DENIED', listHome: 'ERR_ACCESS_DENIED', readProcEnviron: 'ERR_ACCESS_DENIED' });
    expect(existsSync(outside)).toBe(false);
  });

  it('starts no process, gets no bindings or WASI, and loads native addons only when it needs LevelDB', () => {
    for (const r of [results, withCheckpoints]) expect(r).toMatchObject({ spawn: 'ERR_ACCESS_DENIED', processBinding: 'ERR_ACCESS_DENIED', wasi: 'ERR_ACCESS_DENIED' });
    expect(results.dlopen).toBe('ERR_DLOPEN_DISABLED');
    // Allowed (LevelDB is an addon): the load was attempted and failed only for the missing file.
    expect(withCheckpoints.dlopen).toBe('ERR_DLOPEN_FAILED');
  });

  it('compiles no code from strings, and its workers inherit every limit', () => {
    expect(results.eval).toBe('EvalError');
    expect(results.newFunction).toBe('EvalError');
    expect(results.workerReadSecret).toBe('ERR_ACCESS_DENIED');
    // The launcher's environment (this test's, with its secrets) is not there.
    expect(Object.keys(JSON.parse(results.env ?? '{}') as object).sort()).toEqual(['LANG', 'TMPDIR', 'TRIBUTARY_JOB_PROCESS', 'TZ']);
  });
});

/**
 * User code that tries to leave its sandbox, run the way every run is launched (`launchJob`:
 * the job process inside Node's permission model, code generation from strings disabled, an
 * empty environment). Each payload is a `map` whose code attacks; the test checks the attack's
 * effect is absent (the secret file's content never appears anywhere, nothing is written
 * outside the output folder, no process starts, the environment's secret is not visible), and
 * that the run reports it as it should (an error record naming the node, or a coded failure).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchJob, type RunOutcome } from '../../engine/launch/launch-job.ts';
import { jobRuntime } from '../../engine/launch/runtime-bundle.ts';
import { compileUserCode } from '../../engine/udf/compile.ts';
import { tempDir } from '../cli/run-cli.ts';

const SECRET = 'tributary-secret-4f9d2c';
let root: string;
let secretFile: string;
let forbidden: string;

/** A pipeline: one record → map with `code` → file sink, plus the map's errors to a second sink. */
function pipeline(code: string, settings: Record<string, unknown> = {}): unknown {
  return {
    version: 1,
    name: 'payload',
    settings,
    nodes: [
      { id: 'src', type: 'fileSource', config: { path: 'in.jsonl', time: { mode: 'event', field: 'ts' } } },
      { id: 'attack', type: 'map', code },
      { id: 'out', type: 'fileSink' },
      { id: 'errs', type: 'fileSink' },
    ],
    edges: [
      { id: 'e1', source: 'src', target: 'attack' },
      { id: 'e2', source: 'attack', target: 'out' },
      { id: 'e3', source: 'attack', sourcePort: 'errors', target: 'errs' },
    ],
  };
}

interface Attempt {
  outcome: RunOutcome;
  out: string;
  errors: string;
  logs: string;
  outDir: string;
}

async function attempt(code: string, settings: Record<string, unknown> = {}): Promise<Attempt> {
  const outDir = join(root, `out-${Math.random().toString(36).slice(2)}`);
  mkdirSync(outDir);
  let logs = '';
  const job = launchJob(
    { document: pipeline(code, settings), compileCode: compileUserCode, runtime: jobRuntime(), baseDir: join(root, 'pipeline'), outDir },
    { onLog: (m) => (logs += m + '\n') },
  );
  const outcome = await job.outcome;
  const read = (f: string): string => (existsSync(join(outDir, f)) ? readFileSync(join(outDir, f), 'utf8') : '');
  return { outcome, out: read('out.jsonl'), errors: read('errs.jsonl'), logs, outDir };
}

/** Nothing the payload could have reached leaks or lands outside the output folder. */
function contained(a: Attempt): void {
  const everything = JSON.stringify(a.outcome) + a.out + a.errors + a.logs;
  expect(everything).not.toContain(SECRET);
  expect(existsSync(forbidden), 'a file was written outside the output folder').toBe(false);
  expect(readdirSync(a.outDir).sort()).toEqual(expect.arrayContaining([]));
}

/** The map sent its one record to `errors` with a reason matching `reason`; the run finished. */
function refusedPerRecord(a: Attempt, reason: RegExp): void {
  contained(a);
  expect(a.outcome.kind, JSON.stringify(a.outcome)).toBe('finished');
  const rows = a.errors.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { node: string; reason: string });
  expect(rows).toHaveLength(1);
  expect(rows[0]?.node).toBe('attack');
  expect(rows[0]?.reason).toMatch(reason);
  expect(a.out).toBe('');
}

beforeAll(() => {
  root = tempDir('tributary-sandbox-');
  mkdirSync(join(root, 'pipeline'));
  mkdirSync(join(root, 'private'));
  secretFile = join(root, 'private', 'secret.txt');
  writeFileSync(secretFile, SECRET);
  forbidden = join(root, 'private', 'written-by-payload.txt');
  writeFileSync(join(root, 'pipeline', 'in.jsonl'), JSON.stringify({ ts: 1, secretPath: secretFile, target: forbidden }) + '\n');
  process.env.TRIBUTARY_TEST_SECRET = SECRET;
});

const EVAL_REFUSED = /EvalError|Code generation from strings disallowed/;
const GRAB_PROCESS = (via: string): string => `const p = ${via}; return { got: String(p.getBuiltinModule('fs').readFileSync(event.secretPath)) };`;

describe('user code cannot leave its sandbox', () => {
  it.each([
    ['console.log.constructor (issue payload)', "console.log.constructor('return process')()"],
    ['this.constructor.constructor', "this.constructor.constructor('return process')()"],
    ['a record’s Function (engine realm)', "event.constructor.constructor('return process')()"],
    ['Object.getPrototypeOf(record)', "Object.getPrototypeOf(event).constructor.constructor('return process')()"],
    ['an array method’s Function', "[].map.constructor('return process')()"],
    ['eval', "eval('process')"],
    ['indirect eval', "(0, eval)('process')"],
    ['new Function', "new Function('return process')()"],
    ['an async function’s constructor', "(async () => 1).constructor('return process')"],
    ['a generator’s constructor', "(function* () {}).constructor('return process')"],
  ])('%s is refused as code generation', async (_name, via) => {
    refusedPerRecord(await attempt(GRAB_PROCESS(via)), EVAL_REFUSED);
  });

  it('finds no process, require, module, Buffer or fetch', async () => {
    const a = await attempt('return { names: [typeof process, typeof require, typeof module, typeof Buffer, typeof fetch, typeof setTimeout].join(",") };');
    contained(a);
    expect(JSON.parse(a.out.trim()).names).toBe('undefined,undefined,undefined,undefined,undefined,undefined');
  });

  it('cannot import modules: import() and import.meta are refused by validation, so nothing runs', async () => {
    for (const [code, message] of [
      ["const fs = import('node:fs');\nreturn event;", 'code 1:12: dynamic import() is not available in node code'],
      ['return { url: import.meta.url };', 'code 1:15: import.meta is not available in node code'],
    ] as const) {
      const a = await attempt(code);
      contained(a);
      expect(a.outcome.kind).toBe('invalid');
      const problems = a.outcome.kind === 'invalid' ? a.outcome.problems.map((p) => `${p.nodeId} ${p.code} code ${p.line}:${p.column}: ${p.message}`) : [];
      expect(problems.join('\n')).toContain(`attack TRB011 ${message}`);
    }
  });

  it('a rejected promise it drops is logged and the run goes on', async () => {
    const a = await attempt("Promise.reject(new Error('dropped')); return { kept: true };");
    contained(a);
    expect(a.outcome.kind).toBe('finished');
    expect(JSON.parse(a.out.trim())).toEqual({ kept: true });
    expect(a.logs).toContain('a promise was rejected and nobody waited for it (user code?): Error: dropped');
  });

  it('gets no engine objects from stack frames (Error.prepareStackTrace)', async () => {
    const a = await attempt(
      'Error.prepareStackTrace = (e, frames) => frames.map((f) => { const t = f.getThis(); return t && typeof t.process; }); const s = new Error().stack; return { frames: s };',
    );
    contained(a);
    const frames = JSON.parse(a.out.trim()).frames as unknown[];
    expect(frames.filter((f) => f === 'object')).toEqual([]);
  });

  it('cannot compile WebAssembly', async () => {
    refusedPerRecord(await attempt('new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return event;'), /CompileError|Wasm code generation disallowed|WebAssembly/);
  });

  it('sees none of the launcher’s environment', async () => {
    // Even with a Function that worked, the job process has an empty environment.
    const a = await attempt('return { env: JSON.stringify(globalThis.process?.env ?? null) };');
    contained(a);
    expect(a.out).not.toContain(SECRET);
  });

  it('a loop that never returns stops the run with TRB102 naming the node', async () => {
    const a = await attempt('while (true) {}', { udfTimeoutMs: 300 });
    contained(a);
    expect(a.outcome.kind === 'failed' && a.outcome.error).toEqual({
      code: 'TRB102',
      nodeId: 'attack',
      message: 'node attack: user code did not return within 300 ms; the run was stopped',
    });
  });

  it('an allocation bomb stops the run with TRB103 naming the node, within the heap limit', async () => {
    const a = await attempt('const keep = []; for (;;) keep.push(new Array(1e6).fill(keep.length));', { maxHeapMb: 128, udfTimeoutMs: 60_000 });
    contained(a);
    expect(a.outcome.kind).toBe('failed');
    if (a.outcome.kind !== 'failed') return;
    expect(a.outcome.error.code).toBe('TRB103');
    expect(a.outcome.error.nodeId).toBe('attack');
    expect(a.outcome.error.message).toContain('heap limit 128 MiB');
  });

  it('deep recursion is that record’s error, and the run goes on', async () => {
    refusedPerRecord(await attempt('const f = (n) => f(n + 1) + 1; return { n: f(0) };'), /RangeError: Maximum call stack size exceeded/);
  });
});

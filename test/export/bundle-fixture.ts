/** Exporting examples into temp dirs outside the repo and running their `job.mjs`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { collectParams } from '../../engine/export/params.ts';
import { installFromRepo } from './install.ts';

export const EXAMPLES = join(REPO, 'examples', 'flights');

export interface ExportedBundle {
  dir: string;
  exportOutput: string;
  installed: string[];
}

/** Exports `pipeline` into a fresh temp dir (outside the repo) and installs it from its package.json. */
export function exportAndInstall(pipeline: string): ExportedBundle {
  const dir = join(tempDir('tributary-bundle-'), 'bundle');
  const r = tributary(['export', pipeline, '--out', dir]);
  if (r.status !== 0) throw new Error(`export failed (${r.status}): ${r.stderr}`);
  return { dir, exportOutput: r.stdout, installed: installFromRepo(dir) };
}

/** Whether any folder above `dir` has a node_modules the bundle could resolve packages from. */
export function node_modulesAbove(dir: string): string | undefined {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (d === dirname(d)) return undefined;
  }
}

/**
 * `--param` assignments that read the repo's data (paths as the pipeline has them, resolved
 * against the pipeline's folder) and write every file sink to `outDir/<node id>.jsonl`.
 */
export function paramsFor(pipeline: string, outDir: string): string[] {
  const raw = JSON.parse(readFileSync(pipeline, 'utf8')) as unknown;
  return collectParams(raw)
    .filter((p) => p.kind === 'path')
    .map((p) => (p.nodeType === 'fileSink' ? `${p.name}=${join(outDir, `${p.nodeId}.jsonl`)}` : `${p.name}=${resolve(dirname(pipeline), String(p.value))}`))
    .flatMap((a) => ['--param', a]);
}

export interface RunningJob {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
  stderr(): string;
  /** Resolves when stderr matches `pattern` (rejects when the job ends first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Starts `node job.mjs` in the bundle folder with no NODE_PATH, so only the bundle's node_modules are visible. */
export function startJob(dir: string, args: readonly string[], env: Record<string, string> = {}): RunningJob {
  const base: Record<string, string | undefined> = { ...process.env, ...env };
  delete base.NODE_PATH;
  delete base.NODE_OPTIONS;
  const child = spawn(process.execPath, [join(dir, 'job.mjs'), ...args], { cwd: dir, env: base, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let ended = false;
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((res) =>
    child.on('close', (code, signal) => {
      ended = true;
      res({ code, signal, stderr, stdout });
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((res, rej) => {
      const started = Date.now();
      const poll = (): void => {
        const m = pattern.exec(stderr);
        if (m) return res(m);
        if (ended) return rej(new Error(`job ended before stderr matched ${pattern}:\n${stderr}`));
        if (Date.now() - started > timeoutMs) return rej(new Error(`timed out waiting for ${pattern}:\n${stderr}`));
        setTimeout(poll, 20);
      };
      poll();
    });
  return { child, done, stderr: () => stderr, waitFor };
}

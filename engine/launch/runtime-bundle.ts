/**
 * The job runtime that `launchJob` forks, bundled by esbuild into plain ES modules in
 * `out/job-runtime/`: `job-process.mjs` (the small supervising process) and `job-worker.mjs`
 * (the engine, started as its worker thread). So the job process needs neither tsx nor esbuild
 * (both spawn helper processes, which the job's sandbox forbids). They are rebuilt when any
 * engine source is newer; a packaged app ships them prebuilt (`TRIBUTARY_JOB_RUNTIME` names the
 * process file then).
 */
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobBundleOptions } from './bundling.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Where the runtime is, and the folders it reads at run time (itself, its packages). */
export interface JobRuntime {
  file: string;
  /** Folders the job process must be allowed to read. */
  dirs: string[];
}

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) if (!name.startsWith('.')) max = Math.max(max, newest(join(path, name)));
  return max;
}

let building: Promise<JobRuntime> | undefined;

/**
 * The job runtime, built first when missing or stale.
 * @throws Error when esbuild fails (with its message).
 */
export function jobRuntime(): Promise<JobRuntime> {
  const prebuilt = process.env.TRIBUTARY_JOB_RUNTIME;
  if (prebuilt) return Promise.resolve({ file: prebuilt, dirs: [dirname(prebuilt), join(dirname(prebuilt), 'node_modules')] });
  building ??= build().finally(() => (building = undefined));
  return building;
}

async function build(): Promise<JobRuntime> {
  const out = join(REPO, 'out', 'job-runtime');
  const file = join(out, 'job-process.mjs');
  const worker = join(out, 'job-worker.mjs');
  const modules = join(REPO, 'node_modules');
  // CommonJS `require` (kafkajs loading its own files) resolves symlinks, and Node's permission
  // model checks the real path: a symlinked node_modules (a git worktree sharing one) needs both.
  const real = existsSync(modules) ? realpathSync(modules) : modules;
  const runtime: JobRuntime = { file, dirs: real === modules ? [out, modules] : [out, modules, real] };
  const sources = Math.max(newest(join(REPO, 'engine')), newest(join(REPO, 'package-lock.json')));
  if (existsSync(file) && existsSync(worker) && Math.min(statSync(file).mtimeMs, statSync(worker).mtimeMs) >= sources) return runtime;
  mkdirSync(out, { recursive: true });
  const { build: esbuild } = await import('esbuild');
  // Each file is built beside its final name and renamed into place, so a concurrent launcher
  // never sees half a file; the worker first, so a new process never starts an old worker.
  for (const [target, entry] of [
    [worker, 'job-worker-main.ts'],
    [file, 'job-process-main.ts'],
  ] as const) {
    const temp = `${target}.${process.pid}.tmp`;
    await esbuild({ ...jobBundleOptions(temp), entryPoints: [join(REPO, 'engine', 'launch', entry)] });
    renameSync(temp, target);
  }
  return runtime;
}

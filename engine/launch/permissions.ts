/**
 * What a job may touch, for Node's permission model (`--experimental-permission`): it reads
 * the job runtime and its packages, the files its nodes name (`capabilities.readsFile`: sources,
 * lookup tables, TLS certificates and keys), and nothing else; it writes its output folder (or each file sink's folder), its checkpoint folder and a
 * private temporary folder. It may start worker threads (the job runs in one; they inherit the
 * same limits), and native addons only when it needs LevelDB (checkpoints or the `leveldb`
 * state backend). It may not spawn processes or use WASI. Code generation from strings (`eval`,
 * `new Function`) is disabled for the whole process.
 *
 * What this does not stop (Node 20's permission model): network access (Kafka needs it), and
 * native addons once allowed (LevelDB's own file I/O is not checked; an escaped user function
 * could open LevelDB databases wherever the user can write). See the README's Security section.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ValidPipeline } from '../pipeline/validate.ts';
import { valueAt } from '../pipeline/config-path.ts';

export interface JobPermissions {
  /** Files and folders (folders end with `/`) the job may read. */
  read: string[];
  /** Files and folders the job may write (and create inside). */
  write: string[];
  /** Whether it may load native addons (LevelDB). */
  addons: boolean;
}

export interface PermissionInputs {
  pipeline: ValidPipeline;
  /** Folder relative config paths resolve against. */
  baseDir: string;
  /** Folders the runtime needs to read (its bundle, its packages). */
  runtimeDirs: readonly string[];
  outDir?: string;
  checkpointDir?: string;
  /** The job's private temporary folder. */
  tempDir: string;
  /** A savepoint folder the run restores from (`--restore DIR`), read only. */
  restoreDir?: string;
}

const folder = (path: string): string => (path.endsWith('/') ? path : `${path}/`);

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The permissions of one run. Relative paths resolve against `baseDir`. */
export function jobPermissions(inputs: PermissionInputs): JobPermissions {
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(inputs.baseDir, p));
  // Node reads modules by their real path: a symlinked node_modules (pnpm, worktrees) is
  // granted where it really is too.
  const read = new Set(inputs.runtimeDirs.flatMap((d) => [folder(d), folder(realPath(d))]));
  const write = new Set<string>([folder(inputs.tempDir)]);
  for (const node of inputs.pipeline.nodes) {
    const config = node.config as Record<string, unknown>;
    const caps = node.spec.capabilities;
    for (const field of caps.readsFile?.fields ?? []) {
      const input = valueAt(config, field);
      if (typeof input === 'string' && input !== '') read.add(at(input));
    }
    const output = caps.writesFile && inputs.outDir === undefined ? config[caps.writesFile.field] : undefined;
    if (typeof output === 'string') write.add(folder(dirname(at(output))));
  }
  if (inputs.restoreDir !== undefined) read.add(folder(resolve(inputs.restoreDir)));
  if (inputs.outDir !== undefined) write.add(folder(resolve(inputs.outDir)));
  if (inputs.checkpointDir !== undefined) write.add(folder(resolve(inputs.checkpointDir)));
  const addons = inputs.checkpointDir !== undefined || inputs.pipeline.document.stateBackend === 'leveldb';
  // node-gyp-build (loaded with LevelDB) probes this file; Node 20 throws instead of answering.
  if (addons) read.add('/etc/alpine-release');
  // Whatever the job may write, it may read back (restores, pending sink files).
  for (const w of write) read.add(w);
  return { read: outermost(read), write: outermost(write), addons };
}

/**
 * Drops paths inside a granted folder. Needed, not only tidy: Node 20 denies access to a
 * folder itself when a folder inside it is granted too (`/a/*` with `/a/b/*` denies `/a`).
 */
function outermost(paths: Iterable<string>): string[] {
  const all = [...new Set(paths)];
  const folders = all.filter((p) => p.endsWith('/'));
  return all.filter((p) => !folders.some((f) => f !== p && p.startsWith(f)));
}

/**
 * The job process's whole environment: no variable of the launcher's (secrets live there), only
 * the job's own temporary folder and the time zone and locale.
 */
export function jobEnvironment(tempDir: string): Record<string, string> {
  return { TRIBUTARY_JOB_PROCESS: '1', TMPDIR: tempDir, TZ: process.env.TZ ?? 'UTC', LANG: process.env.LANG ?? 'C.UTF-8' };
}

/**
 * The `node` flags that apply `p`. Node 20 takes one `--allow-fs-*` flag per path, and treats
 * a path that does not exist yet as a file: folders are granted with a `/*` wildcard.
 */
export function permissionFlags(p: JobPermissions): string[] {
  return [
    '--experimental-permission',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
    '--disallow-code-generation-from-strings',
    '--allow-worker',
    ...(p.addons ? ['--allow-addons'] : []),
    ...p.read.map((r) => `--allow-fs-read=${r.endsWith('/') ? `${r}*` : r}`),
    ...p.write.map((w) => `--allow-fs-write=${w.endsWith('/') ? `${w}*` : w}`),
  ];
}

/**
 * The bundle's `package.json` and `package-lock.json`: the runtime dependencies the bundle
 * imports (left external by esbuild), at the exact versions installed in the repo, and a
 * lockfile holding their dependency closure copied from the repo's `package-lock.json`, so
 * `npm ci --omit=dev` installs the very versions the engine was tested with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** The installed version of `name` in `repoRoot/node_modules`. @throws Error when not installed. */
export function installedVersion(repoRoot: string, name: string): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
  if (typeof pkg.version !== 'string') throw new Error(`node_modules/${name}/package.json has no version`);
  return pkg.version;
}

/** `node_modules/a/node_modules/b` → `node_modules/a`; `node_modules/a` → ``. */
function parentOf(location: string): string {
  const at = location.lastIndexOf('node_modules/');
  return location.slice(0, at).replace(/\/$/, '');
}

/** Where npm's layout puts `name` as seen from the package at `from` (Node's lookup, upwards). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : base + '/'}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    base = parentOf(base);
  }
}

/**
 * A lockfile (v3) for a package named `name` that depends on `dependencies` (exact versions),
 * with every package of their closure taken from the repo's lockfile.
 * @throws Error when a required package is missing from the repo's lockfile.
 */
export function bundleLockfile(repoRoot: string, name: string, dependencies: Record<string, string>, engines: Record<string, string>): object {
  const repo = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const packages: Record<string, LockEntry> = { '': { name, version: '1.0.0', dependencies, engines } };
  const queue: { from: string; name: string; optional: boolean }[] = Object.keys(dependencies).map((d) => ({ from: '', name: d, optional: false }));
  while (queue.length > 0) {
    const next = queue.shift() as { from: string; name: string; optional: boolean };
    const location = locate(repo.packages, next.from, next.name);
    if (location === undefined) {
      if (next.optional) continue;
      throw new Error(`package-lock.json has no ${next.name} (needed by ${next.from || name})`);
    }
    if (packages[location]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = repo.packages[location] as LockEntry;
    packages[location] = entry;
    for (const d of Object.keys(entry.dependencies ?? {})) queue.push({ from: location, name: d, optional: false });
    for (const d of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: location, name: d, optional: true });
  }
  return { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

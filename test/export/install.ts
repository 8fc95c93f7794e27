/**
 * Installs an exported bundle's runtime dependencies offline: the packages its package.json
 * names, and their dependency closure (each package.json's `dependencies`, resolved the way
 * Node does, walking up from the requiring package), copied from the repo's node_modules to
 * the same place under the bundle's node_modules — as `npm ci --omit=dev` would lay them out.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO as REPO_URL_PATH } from '../cli/run-cli.ts';

const REPO = resolve(REPO_URL_PATH);

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** The folder of `name` as required from the package in `fromDir` (inside the repo). */
function resolvePackage(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; dir.startsWith(REPO); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) break;
  }
  return undefined;
}

/**
 * Copies the dependency closure of `bundleDir/package.json` from the repo.
 * @returns the repo-relative folders copied (`node_modules/classic-level`, ...).
 */
export function installFromRepo(bundleDir: string): string[] {
  const root = readPackage(bundleDir);
  const copied = new Set<string>();
  const queue: { from: string; name: string; optional: boolean }[] = Object.keys(root.dependencies ?? {}).map((name) => ({ from: REPO, name, optional: false }));
  while (queue.length > 0) {
    const next = queue.shift() as { from: string; name: string; optional: boolean };
    const dir = resolvePackage(next.from, next.name);
    if (!dir) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${relative(REPO, next.from) || 'the bundle'}) is not installed in the repo`);
    }
    const rel = relative(REPO, dir);
    if (copied.has(rel)) continue;
    copied.add(rel);
    cpSync(dir, join(bundleDir, rel), { recursive: true, dereference: true, filter: (src) => !src.slice(dir.length).includes('/node_modules/') });
    const pkg = readPackage(dir);
    for (const name of Object.keys(pkg.dependencies ?? {})) queue.push({ from: dir, name, optional: false });
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from: dir, name, optional: true });
  }
  return [...copied].sort();
}

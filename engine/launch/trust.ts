/**
 * Workspace trust, as editors do it (VS Code's workspace trust): a pipeline file is code from
 * someone else, and its code runs only once the user trusts the folder it is in. Validation,
 * export and `tributary nodes` run no user code and need no trust; running (the CLI's `run`,
 * the studio's runs, samples and input inference) does.
 *
 * Trusted folders are listed in `trust.json` in the user's config folder
 * (`$TRIBUTARY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tributary`, else `~/.config/tributary`);
 * a folder trusts everything below it. The examples shipped with Tributary are always trusted.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Folders trusted without asking: the examples that ship with Tributary. */
export const BUILT_IN_TRUSTED: readonly string[] = [join(REPO, 'examples')];

/** The user's config folder. */
export function configDir(): string {
  if (process.env.TRIBUTARY_CONFIG_DIR) return resolve(process.env.TRIBUTARY_CONFIG_DIR);
  const base = process.env.XDG_CONFIG_HOME ? resolve(process.env.XDG_CONFIG_HOME) : join(homedir(), '.config');
  return join(base, 'tributary');
}

function trustFile(): string {
  return join(configDir(), 'trust.json');
}

/** The folders the user trusts (absolute, real paths), without the built-in ones. */
export function trustedFolders(): string[] {
  const file = trustFile();
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { folders?: unknown };
    return Array.isArray(parsed.folders) ? parsed.folders.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** Whether `folder` (or a folder above it) is trusted. Symbolic links are resolved first. */
export function isFolderTrusted(folder: string): boolean {
  const path = real(folder);
  return [...BUILT_IN_TRUSTED.map(real), ...trustedFolders()].some((f) => inside(path, f));
}

/** Whether the pipeline file at `file` may run its code (its folder is trusted). */
export function isPipelineTrusted(file: string): boolean {
  return isFolderTrusted(dirname(resolve(file)));
}

/** Trusts `folder` (and everything below it) from now on; written atomically. @returns its real path. */
export function trustFolder(folder: string): string {
  const path = real(folder);
  const folders = trustedFolders();
  if (!folders.includes(path)) folders.push(path);
  writeFolders(folders);
  return path;
}

/** Stops trusting `folder`. @returns whether it was trusted. */
export function untrustFolder(folder: string): boolean {
  const path = real(folder);
  const folders = trustedFolders();
  const kept = folders.filter((f) => f !== path);
  if (kept.length === folders.length) return false;
  writeFolders(kept);
  return true;
}

function writeFolders(folders: string[]): void {
  const file = trustFile();
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: 1, folders }, null, 2) + '\n');
  renameSync(temp, file);
}

/** The one-line refusal the CLI prints for an untrusted pipeline. */
export function untrustedMessage(file: string): string {
  return `TRB108 ${file}: its folder ${dirname(resolve(file))} is not trusted, so its code was not run. Read the pipeline's code first, then run it with --trust (this once) or trust the folder with \`tributary trust ${dirname(resolve(file))}\`.`;
}

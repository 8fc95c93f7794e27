/**
 * Reading what a Flink filesystem sink wrote. In Flink 1.20 a filesystem table's `path` is a
 * FOLDER: finished part files (`part-<uuid>-<subtask>-<n>`, no extension), hidden in-progress
 * files (`.part-….inprogress.<uuid>`) while a part is open, and `col=value/` subfolders for a
 * PARTITIONED BY sink. In streaming mode parts are finalized on checkpoints and at the end of
 * bounded input. Reruns add new part files beside the old ones, so clear the folder first
 * ({@link clearSinkFolder}); a sink that received no rows creates no folder at all.
 *
 * Files and folders whose names start with `.` or `_` are hidden, as Flink's own file readers
 * treat them (in-progress parts, `.staging_*` of batch jobs, `_SUCCESS` markers).
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, parse, resolve } from 'node:path';

/** The files of a sink folder, each path absolute, in name order (depth first). */
export interface SinkFolderListing {
  /** False when the folder does not exist (Flink writes no folder for a sink with no rows). */
  exists: boolean;
  /** Finished part files: what the sink committed. */
  finished: string[];
  /** Hidden in-progress part files (`.part-*.inprogress.*`): rows not committed yet. */
  inProgress: string[];
}

/** Options for {@link readSinkLines} and {@link readSinkRows}. */
export interface ReadSinkOptions {
  /**
   * Whether in-progress files next to finished ones are an error (default false: they are
   * ignored, as a reader of the committed output would). With no finished file at all, in-progress
   * files are always an error: the job did not finalize its output.
   */
  strict?: boolean;
}

const isHidden = (name: string): boolean => name.startsWith('.') || name.startsWith('_');

/**
 * Lists a sink folder's part files.
 *
 * @throws Error if `folder` is not absolute, or exists but is not a directory.
 */
export async function listSinkFiles(folder: string): Promise<SinkFolderListing> {
  requireAbsolute(folder, 'listSinkFiles');
  const listing: SinkFolderListing = { exists: false, finished: [], inProgress: [] };
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return listing;
    throw error;
  }
  if (!info.isDirectory()) throw new Error(`Flink sink path ${folder} is a file; a filesystem sink's path is a folder of part files`);
  listing.exists = true;
  await walk(folder, listing);
  return listing;
}

async function walk(dir: string, listing: SinkFolderListing): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isHidden(entry.name)) await walk(path, listing);
    } else if (entry.name.includes('.inprogress')) {
      listing.inProgress.push(path);
    } else if (!isHidden(entry.name)) {
      listing.finished.push(path);
    }
  }
}

/**
 * The non-empty lines of every finished part file of a sink folder, file by file in name order.
 * Row order across part files is not meaningful (as in Flink): compare as multisets.
 *
 * @returns `[]` if the folder does not exist (Flink creates it only for the first row).
 * @throws Error if only in-progress files are there (the job did not finalize its output, e.g.
 *   it was cancelled or is unbounded without checkpoints), or with `strict` if any are there.
 */
export async function readSinkLines(folder: string, options: ReadSinkOptions = {}): Promise<string[]> {
  return (await readSinkFileLines(folder, options)).map((l) => l.text);
}

/**
 * The rows of a sink folder written with `'format' = 'json'`: one JSON object per line.
 * Partition columns of a PARTITIONED BY sink are in the folder names, not in the rows.
 *
 * @returns the rows, `[]` if the folder does not exist.
 * @throws Error as {@link readSinkLines}, or naming `file:line` for a line that is not a JSON object.
 */
export async function readSinkRows(folder: string, options: ReadSinkOptions = {}): Promise<Record<string, unknown>[]> {
  return (await readSinkFileLines(folder, options)).map(({ file, line, text }) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}:${line}: not JSON (${(error as Error).message}): ${text.slice(0, 200)}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${file}:${line}: expected a JSON object per line, got ${text.slice(0, 200)}`);
    }
    return value as Record<string, unknown>;
  });
}

async function readSinkFileLines(folder: string, options: ReadSinkOptions): Promise<{ file: string; line: number; text: string }[]> {
  const listing = await listSinkFiles(folder);
  if (listing.inProgress.length > 0 && (listing.finished.length === 0 || options.strict === true)) {
    const shown = listing.inProgress.slice(0, 3).map((f) => parse(f).base).join(', ');
    throw new Error(
      `Flink sink folder ${folder} has ${listing.inProgress.length} in-progress file(s) (${shown}) ` +
        `${listing.finished.length === 0 ? 'and no finished part file' : 'beside its finished ones'}: the job did not finalize its ` +
        `output (parts are finalized on checkpoints and at the end of bounded input; was it cancelled, or is its source unbounded?)`,
    );
  }
  const lines: { file: string; line: number; text: string }[] = [];
  for (const file of listing.finished) {
    const content = await readFile(file, 'utf8');
    content.split('\n').forEach((text, index) => {
      if (text.trim().length > 0) lines.push({ file, line: index + 1, text });
    });
  }
  return lines;
}

/**
 * Deletes a sink folder and everything in it, so a rerun's output is not mixed with an older
 * run's part files. A missing folder is fine.
 *
 * @throws Error if `folder` is not absolute, or is a filesystem root (a guard against a bad path).
 */
export async function clearSinkFolder(folder: string): Promise<void> {
  requireAbsolute(folder, 'clearSinkFolder');
  const full = resolve(folder);
  if (parse(full).root === full) throw new Error(`clearSinkFolder refuses to delete the filesystem root ${full}`);
  await rm(full, { recursive: true, force: true, maxRetries: 5 });
}

function requireAbsolute(folder: string, what: string): void {
  if (!isAbsolute(folder)) {
    throw new Error(`${what} needs an absolute path, got '${folder}' (Flink resolves relative sink paths against its JVM's working directory)`);
  }
}

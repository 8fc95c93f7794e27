/**
 * `tributary export FILE --out DIR [--tgz]`: validates the pipeline (same problem lines as
 * `tributary validate`), then writes a runnable job bundle (see `engine/export/bundle.ts`) and
 * prints its files and sizes.
 */
import { exportBundle } from '../export/bundle.ts';
import { formatProblem } from '../pipeline/problems.ts';
import type { Io } from './io.ts';

export interface ExportCommandOptions {
  out: string;
  tgz?: boolean;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `tributary export FILE --out DIR [--tgz]`. @returns the exit code (0, 1 invalid or failed, 2 unreadable). */
export async function exportCommand(io: Io, file: string, options: ExportCommandOptions): Promise<number> {
  let result;
  try {
    result = await exportBundle({ file, outDir: options.out, tgz: options.tgz });
  } catch (error) {
    io.err(`export failed: ${(error as Error).message}`);
    return 1;
  }
  if (!result.ok) {
    if (result.kind === 'unreadable') {
      io.err(result.message);
      return 2;
    }
    io.err(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    return 1;
  }
  const total = result.files.reduce((n, f) => n + f.bytes, 0);
  io.out(`exported ${file} to ${result.dir}`);
  for (const f of result.files) io.out(`  ${f.name.padEnd(20)} ${kib(f.bytes).padStart(10)}`);
  io.out(`bundle size: ${kib(total)} (job.mjs ${kib(result.jobBytes)})`);
  if (result.tgz) io.out(`archive: ${result.tgz.path} (${kib(result.tgz.bytes)})`);
  io.out(`run it: cd ${result.dir} && npm ci --omit=dev && node job.mjs --help`);
  return 0;
}

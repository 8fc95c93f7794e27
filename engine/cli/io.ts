/** Where CLI commands write (stdout for results, stderr for messages), and the problem listing. */
import { formatProblem, type Problem } from '../pipeline/problems.ts';
import type { ReadResult } from '../nodes/load.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

/** `FILE: N problems` then one `formatProblem` line each, on stderr. */
export function printProblems(io: Io, file: string, problems: readonly Problem[]): void {
  io.err(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const p of problems) io.err(`  ${formatProblem(p)}`);
}

/**
 * Reports a pipeline file that could not be read (its message; exit code 2) or parsed (its
 * problems as `printProblems` lists them; exit code 1). @returns the exit code.
 */
export function reportReadFailure(io: Io, file: string, read: Extract<ReadResult, { ok: false }>): number {
  if (read.kind === 'unreadable') {
    io.err(read.message);
    return 2;
  }
  printProblems(io, file, read.problems);
  return 1;
}

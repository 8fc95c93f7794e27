/** Where CLI commands write (stdout for results, stderr for messages), and the problem listing. */
import { formatProblem, type Problem } from '../pipeline/problems.ts';

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

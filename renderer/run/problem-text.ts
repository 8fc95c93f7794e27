/** One-line problem text, as the CLI prints it: `TRB011 node delayed, code 1:7: message`. */
import type { ProtocolProblem } from '../../engine/host/protocol.ts';
import { formatProblem, type Problem } from '../../engine/pipeline/problems.ts';

export function problemText(p: ProtocolProblem): string {
  return formatProblem(p as Problem);
}

/** Why a run is refused, naming the nodes. */
export function refusalText(problems: readonly ProtocolProblem[]): string {
  const nodes = [...new Set(problems.map((p) => p.nodeId).filter((n): n is string => n !== undefined))];
  const where = nodes.length > 0 ? ` (node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')})` : '';
  return `Run refused: the pipeline has ${problems.length} problem${problems.length === 1 ? '' : 's'}${where}. ${problems[0] ? problemText(problems[0]) : ''}`;
}

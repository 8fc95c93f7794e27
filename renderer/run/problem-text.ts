/** One-line problem text, as the CLI prints it: `TRB011 node delayed, code 1:7: message`. */
import type { ProtocolProblem } from '../../engine/host/protocol.ts';

export function problemText(p: ProtocolProblem): string {
  const place: string[] = [];
  if (p.nodeId !== undefined) place.push(`node ${p.nodeId}`);
  if (p.edgeId !== undefined) place.push(`edge ${p.edgeId}`);
  if (p.field !== undefined) place.push(`field ${p.field}`);
  if (p.line !== undefined) place.push(`${p.nodeId !== undefined ? 'code ' : 'line '}${p.line}:${p.column ?? 1}`);
  return `${p.code} ${place.length > 0 ? place.join(', ') + ': ' : ''}${p.message}`;
}

/** Why a run is refused, naming the nodes. */
export function refusalText(problems: readonly ProtocolProblem[]): string {
  const nodes = [...new Set(problems.map((p) => p.nodeId).filter((n): n is string => n !== undefined))];
  const where = nodes.length > 0 ? ` (node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')})` : '';
  return `Run refused: the pipeline has ${problems.length} problem${problems.length === 1 ? '' : 's'}${where}. ${problems[0] ? problemText(problems[0]) : ''}`;
}

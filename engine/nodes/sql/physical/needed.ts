/**
 * Which fields of each plan node's output the query reads (column pruning, as Flink's projection
 * push-down): the output's every field, and down the tree whatever the expressions read. Fields
 * nobody reads are neither decoded from input records nor computed by projections; they stay
 * NULL. Keyed by plan node id.
 */
import { inputsOf, type PlanNode, type Rex } from '../../../sql/index.ts';

const all = (n: number): Set<number> => new Set(Array.from({ length: n }, (_, i) => i));

function reads(...rexes: readonly (Rex | undefined)[]): Set<number> {
  const out = new Set<number>();
  for (const r of rexes) if (r !== undefined) inputsOf(r, out);
  return out;
}

/** The needed output fields of every node under `root` (all of the root's). */
export function neededFields(root: PlanNode): Map<number, Set<number>> {
  const needed = new Map<number, Set<number>>();
  const add = (node: PlanNode, fields: Iterable<number>): void => {
    const set = needed.get(node.id);
    if (set) for (const f of fields) set.add(f);
    else needed.set(node.id, new Set(fields));
  };
  const visit = (node: PlanNode, out: Set<number>): void => {
    add(node, out);
    switch (node.kind) {
      case 'source':
        return;
      case 'calc':
        return visit(node.input, reads(node.filter, ...[...out].map((i) => node.projection[i])));
      case 'windowTableFunction': {
        const n = node.input.fields.length;
        return visit(node.input, new Set([...[...out].filter((i) => i < n), node.window.timeAttribute.index, ...reads(...node.partitionKeys)]));
      }
      case 'windowAggregate':
        return visit(
          node.input,
          new Set([node.window.timeAttribute.index, ...reads(node.filter, ...node.partitionKeys, ...node.groupKeys.map((g) => g.expr), ...node.aggregates.flatMap((a) => a.args))]),
        );
      case 'windowTopN': {
        const n = node.input.fields.length;
        const viaProjection = reads(node.filter, ...node.projection);
        return visit(node.input, new Set([...[...viaProjection].filter((i) => i < n), node.windowStart, node.windowEnd, ...reads(...node.partitionKeys, ...node.orderKeys.map((k) => k.expr))]));
      }
      case 'intervalJoin':
      case 'windowJoin': {
        const n = node.left.fields.length;
        const both = reads(node.residual, ...node.projection);
        const left = new Set([...[...both].filter((i) => i < n), ...reads(...node.leftKeys)]);
        const right = new Set([...[...both].filter((i) => i >= n).map((i) => i - n), ...reads(...node.rightKeys)]);
        if (node.kind === 'intervalJoin') {
          left.add(node.bounds.leftTimeIndex);
          right.add(node.bounds.rightTimeIndex);
        } else {
          left.add(node.leftWindow.start).add(node.leftWindow.end);
          right.add(node.rightWindow.start).add(node.rightWindow.end);
        }
        visit(node.left, left);
        return visit(node.right, right);
      }
      case 'union':
        for (const input of node.inputs) visit(input, out);
        return;
    }
  };
  visit(root, all(root.fields.length));
  return needed;
}

/**
 * The CLI's end-of-run table: per node, records in, accepted, filtered, late, errors, out, the
 * output watermark and whether `in = accepted + filtered + late + errors` holds.
 */
import Table from 'cli-table3';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';

function watermark(n: NodeMetricsSnapshot): string {
  if (n.finished) return '+∞ (end)';
  return n.outputWatermark === null ? '-' : new Date(n.outputWatermark).toISOString();
}

export function summaryTable(nodes: readonly NodeMetricsSnapshot[]): string {
  const table = new Table({
    head: ['node', 'type', 'in', 'accepted', 'filtered', 'late', 'errors', 'out', 'watermark', 'balanced'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'center'],
  });
  for (const n of nodes)
    table.push([n.nodeId, n.type, n.in, n.accepted, n.filtered, n.late, n.errors, n.out, watermark(n), n.balanced ? 'yes' : 'NO']);
  return table.toString();
}

/**
 * What a finished run prints (`tributary run` and exported bundles alike): the per-node table —
 * records in, accepted, filtered, late, errors, out, the output watermark and whether
 * `in = accepted + filtered + late + errors` holds — the checkpoint lines, a hint per source whose
 * periodic watermarks made lateness depend on timing (`engine/pipeline/watermark-hint.ts`) and
 * the closing line.
 */
import Table from 'cli-table3';
import { nodeTypeSpec } from '../nodes/catalog.ts';
import { watermarkHints } from '../pipeline/watermark-hint.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import type { JobResult } from '../runtime/job.ts';
import { replaySummaryText } from '../pipeline/replay.ts';

function watermark(n: NodeMetricsSnapshot): string {
  if (n.finished) return '+∞ (end)';
  return n.outputWatermark === null ? '-' : new Date(n.outputWatermark).toISOString();
}

/**
 * Input records that went to `errors`, and — when the node sent more error records than that —
 * the others (a joined pair whose code threw, a timer callback that threw): `0 (+50 more)`.
 * The balance counts input records only.
 */
function errorsCell(n: NodeMetricsSnapshot): string {
  const records = n.emitted.errors ?? n.errors;
  return records > n.errors ? `${n.errors} (+${records - n.errors} more)` : String(n.errors);
}

export function summaryTable(nodes: readonly NodeMetricsSnapshot[]): string {
  const table = new Table({
    head: ['node', 'type', 'in', 'accepted', 'filtered', 'late', 'errors', 'out', 'watermark', 'balanced'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'center'],
  });
  for (const n of nodes)
    table.push([n.nodeId, n.type, n.in, n.accepted, n.filtered, n.late, errorsCell(n), n.out, watermark(n), n.balanced ? 'yes' : 'NO']);
  return table.toString();
}

/** `checkpoint 3 complete: 12 ms (alignment 0.4 ms), 10.2 KiB, 1,234 keys`. */
export function checkpointLine(m: CheckpointMetrics): string {
  return `checkpoint ${m.id} complete: ${m.durationMs.toFixed(0)} ms (alignment ${m.alignmentMs.toFixed(1)} ms), ${(m.bytes / 1024).toFixed(1)} KiB, ${m.keys.toLocaleString('en-US')} keys`;
}

/** Whether a node type can count late records (it has a `late` output). */
export const canBeLate = (type: string): boolean => nodeTypeSpec(type)?.outputs.some((p) => p.kind === 'late') ?? false;

/** `hint: source flights: watermarks were emitted 0 times during this run; …`, one per source concerned. */
export function hintLines(nodes: JobResult['nodes']): string[] {
  return watermarkHints(nodes, canBeLate).map((h) => `hint: source ${h.nodeId}: ${h.text}`);
}

/** The table, the replay line, the checkpoint count with the last one, watermark hints, and `finished: N records read in S s (R ev/s)`. */
export function resultLines(r: JobResult): string[] {
  const lines = [summaryTable(r.nodes)];
  const replay = r.replay ? replaySummaryText(r.replay) : undefined;
  if (replay) lines.push(replay);
  const last = r.checkpoints[r.checkpoints.length - 1];
  if (last) lines.push(`${r.checkpoints.length} checkpoints; last: ${checkpointLine(last)}`);
  lines.push(...hintLines(r.nodes));
  const seconds = r.durationMs / 1000;
  lines.push(
    `${r.status}: ${r.recordsRead.toLocaleString('en-US')} records read in ${seconds.toFixed(2)} s (${Math.round(r.recordsRead / Math.max(seconds, 1e-9)).toLocaleString('en-US')} ev/s)`,
  );
  return lines;
}

/**
 * The studio's watermark hints of the last finished run (`engine/pipeline/watermark-hint.ts`): a
 * periodic source whose watermark never advanced before the end, or whose lateness depended on
 * how fast it was read, gets a hint on its node and in the run summary.
 */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { watermarkHints, type WatermarkHint } from '../../engine/pipeline/watermark-hint.ts';
import type { RunSummary } from '../../engine/host/protocol.ts';
import { useEditor } from '../store/editor-store.ts';

/** Whether a node type can count late records (it has a `late` output port). */
const canBeLate = (type: string): boolean => nodeTypeSpec(type)?.outputs.some((p) => p.kind === 'late') ?? false;

const cache = new WeakMap<RunSummary, WatermarkHint[]>();

/** The hints of a summary, computed once per summary (node components share them). */
export function summaryHints(summary: RunSummary | undefined): WatermarkHint[] {
  if (!summary) return [];
  let hints = cache.get(summary);
  if (!hints) {
    hints = watermarkHints(summary.nodes, canBeLate);
    cache.set(summary, hints);
  }
  return hints;
}

/** The hint of node `nodeId` after the last finished run, if any. */
export function useWatermarkHint(nodeId: string): WatermarkHint | undefined {
  return useEditor((s) => summaryHints(s.summary).find((h) => h.nodeId === nodeId));
}

/**
 * What the `(−5m)` after a watermark means: how far the watermark is behind the newest event time
 * seen in the run (`maxTimestamp - watermark`: the out-of-orderness bound plus 1 ms, plus what
 * arrived since the last periodic emission).
 */
export function watermarkTitle(which: 'input' | 'output'): string {
  return `${which} watermark (event time, UTC): every record with an earlier time is late for windows that have fired. (−5m) = the watermark is 5 minutes behind the newest event time seen in this run (the out-of-orderness bound, plus what arrived since the last periodic watermark). +∞ (end) = the input ended and the final watermark fired every window.`;
}

/**
 * The replay part of a run's result: the mode the sources were interleaved with and, per
 * source, whether the merge pulled it and how far its watermark led the others at most
 * (`watermark-leads.ts`). The CLI prints it under the node table; the studio shows it in the run
 * summary.
 */
import type { ReplaySummary, ResolvedReplay } from '../../pipeline/replay.ts';
import type { SourceReplayState } from './watermark-leads.ts';

export type { ReplaySummary };

export function replaySummary(replay: ResolvedReplay, sources: readonly { nodeId: string; merged: boolean; state: SourceReplayState }[]): ReplaySummary {
  return {
    mode: replay.mode,
    ...(replay.mode === 'drift' ? { maxAllowedWatermarkDrift: replay.maxDriftMs } : {}),
    sources: sources.map((s) => ({ nodeId: s.nodeId, merged: s.merged, maxWatermarkLeadMs: s.state.maxLeadMs })),
  };
}

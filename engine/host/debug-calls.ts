/**
 * The engine host's debugger calls (`protocol-debug.ts`, issue 17): they go to the run's job
 * (`LaunchedJob#debug`), which steps and inspects itself; "why" is worked out here from the
 * paused view, the node's open windows and the sources' out-of-orderness bounds (the document's).
 * Also how a debugged run's document is prepared: punctuated watermarks with no idleness timeout
 * unless the caller keeps the pipeline's own (as `tributary test` replays deterministically).
 */
import type { LaunchedJob } from '../launch/launch-job.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import type { DebugView, OpenWindowsView } from '../runtime/debug/debug-types.ts';
import { explainWindow } from '../runtime/debug/why-not-fired.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { CallArgsParsed, CallResult } from './protocol.ts';

/** What the calls need of a run. */
export interface DebuggedRun {
  worker: LaunchedJob;
  /** Out-of-orderness bound (ms) of each source, by node id; present when the run debugs. */
  bounds?: Record<string, number>;
  /** The run's last answer, for a step the run's end overtook. */
  lastView?: DebugView;
  done: boolean;
  /** Every node's final figures, once the run finished. */
  finalNodes?: NodeMetricsSnapshot[];
}

type DebugCalls = {
  debugStep(args: CallArgsParsed<'debugStep'>): Promise<CallResult<'debugStep'>>;
  debugBreakpoints(args: CallArgsParsed<'debugBreakpoints'>): Promise<CallResult<'debugBreakpoints'>>;
  debugView(args: CallArgsParsed<'debugView'>): Promise<CallResult<'debugView'>>;
  debugWindows(args: CallArgsParsed<'debugWindows'>): Promise<CallResult<'debugWindows'>>;
  debugWhy(args: CallArgsParsed<'debugWhy'>): Promise<CallResult<'debugWhy'>>;
};

/** Each source's out-of-orderness bound in ms (0 when it has none). */
export function sourceBounds(pipeline: ValidPipeline): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of pipeline.nodes) {
    if (n.spec.category !== 'source') continue;
    const wm = (n.config as { watermarks?: { maxOutOfOrderness?: unknown } }).watermarks;
    out[n.id] = typeof wm?.maxOutOfOrderness === 'number' ? wm.maxOutOfOrderness : 0;
  }
  return out;
}

/**
 * The document a debugged run replays: with `punctuated`, every source that has watermarks emits
 * one after each record and has no idleness timeout. The document is copied, never changed.
 */
export function debugDocument(document: unknown, pipeline: ValidPipeline, watermarks: 'punctuated' | 'pipeline'): unknown {
  if (watermarks === 'pipeline') return document;
  const doc = structuredClone(document) as { nodes?: { id: string; config?: Record<string, unknown> }[] };
  const sources = new Set(pipeline.nodes.filter((n) => n.spec.category === 'source' && 'watermarks' in (n.config as object)).map((n) => n.id));
  for (const node of doc.nodes ?? []) {
    if (!sources.has(node.id)) continue;
    const wm: Record<string, unknown> = { ...((node.config?.watermarks as Record<string, unknown> | undefined) ?? {}), emit: 'punctuated' };
    delete wm.idleTimeout;
    node.config = { ...(node.config ?? {}), watermarks: wm };
  }
  return doc;
}

/** The view of a run that ended: its final figures; the final watermark fired every window. */
function endedView(last: DebugView | undefined, nodes: readonly NodeMetricsSnapshot[]): DebugView {
  const before = new Map((last?.nodes ?? []).map((n) => [n.nodeId, n]));
  return {
    status: 'finished',
    reason: 'end',
    stepped: 0,
    emitted: last?.emitted ?? 0,
    nodes: nodes.map((n) => {
      const prev = before.get(n.nodeId);
      const channels = (prev?.channels ?? []).map((c) => ({ ...c, watermark: null, idle: false, ended: true }));
      return { ...n, timers: 0, openWindows: prev?.openWindows === null || prev === undefined ? null : 0, held: 0, channels };
    }),
  };
}

/** The debugger calls over `find(runId)` (which throws for an unknown run). */
export function debugCalls(find: (runId: string) => DebuggedRun): DebugCalls {
  const debugged = (runId: string): DebuggedRun => {
    const run = find(runId);
    if (!run.bounds) throw new Error(`${runId} was not started for debugging: start it with debug`);
    return run;
  };
  const view = async (run: DebuggedRun, call: () => Promise<unknown>): Promise<DebugView> => {
    try {
      const answer = (await call()) as DebugView;
      run.lastView = answer;
      return answer;
    } catch (error) {
      // The run's end can overtake the answer to the step that ended it.
      await Promise.race([run.worker.outcome, new Promise((r) => setTimeout(r, 50))]);
      if (run.done && run.finalNodes) return endedView(run.lastView, run.finalNodes);
      throw error;
    }
  };
  return {
    debugStep: async ({ runId, step }) => {
      const run = debugged(runId);
      if (run.done) throw new Error(`${runId} is over: the run is over, start it again to step it`);
      return view(run, () => run.worker.debug({ kind: 'step', request: step }));
    },
    debugBreakpoints: async ({ runId, breakpoints }) => {
      await debugged(runId).worker.debug({ kind: 'breakpoints', breakpoints });
      return {};
    },
    debugView: async ({ runId }) => {
      const run = debugged(runId);
      if (run.done && run.finalNodes) return endedView(run.lastView, run.finalNodes);
      return view(run, () => run.worker.debug({ kind: 'view' }));
    },
    debugWindows: async ({ runId, nodeId, limit }) => (await debugged(runId).worker.debug({ kind: 'windows', nodeId, limit })) as OpenWindowsView,
    debugWhy: async ({ runId, nodeId, key, start }) => {
      const run = debugged(runId);
      const current = (await run.worker.debug({ kind: 'view' })) as DebugView;
      const windows = (await run.worker.debug({ kind: 'windows', nodeId, limit: 10_000 })) as OpenWindowsView;
      return explainWindow(current, windows, run.bounds ?? {}, key, start);
    },
  };
}

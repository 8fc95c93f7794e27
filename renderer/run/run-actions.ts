/** Starting and controlling runs, and routing the host's run events into the stores. */
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { useLive } from '../store/live-store.ts';
import { refusalText } from './problem-text.ts';
import { dismissExportStatus } from '../files/export-action.ts';
import type { HostEvent } from '../../engine/host/protocol.ts';
import { defaultCheckpointFolder, useStateView } from '../state/state-store.ts';

/** Where a run restarts from: a checkpoint of the run's store, or a savepoint directory. */
export type RestartPoint = { checkpoint: number } | { savepoint: string };

/** The checkpoint store's folder for runs of the current document (workspace path). */
export function checkpointFolder(): string {
  const { location, doc } = useEditor.getState();
  return useStateView.getState().folder.trim() || defaultCheckpointFolder(location.path, doc.name);
}

/**
 * Starts a run of the current document; with `restore`, from that point (the savepoint rules
 * apply; `allowNonRestoredState` drops the state of nodes the pipeline no longer has). Restoring
 * a checkpoint turns checkpointing on: the checkpoint is read from the run's store.
 */
export async function startRun(restart: { restore?: RestartPoint; allowNonRestoredState?: boolean; debug?: boolean } = {}): Promise<void> {
  const s = useEditor.getState();
  if (s.runStatus === 'running' || s.runStatus === 'paused' || s.runStatus === 'starting') return;
  if (s.trust.state !== 'trusted') {
    s.setRun({ refusal: "This pipeline's code has not run: trust it first (the banner above the canvas)." });
    return;
  }
  s.setRun({ runStatus: 'starting', refusal: undefined, failure: undefined, summary: undefined, runId: undefined });
  const { problems } = await host().validate({ document: s.doc });
  s.setProblems(problems);
  if (problems.length > 0) {
    s.setRun({ runStatus: 'idle', refusal: refusalText(problems) });
    return;
  }
  useLive.getState().reset();
  const view = useStateView.getState();
  if (restart.restore && 'checkpoint' in restart.restore) view.setCheckpointing(true);
  const folder = useStateView.getState().checkpointing ? checkpointFolder() : undefined;
  view.runStarted(folder);
  const result = await host().run({
    document: s.doc,
    baseDir: s.location.baseDir,
    speed: s.speed,
    documentPath: s.location.path,
    checkpointing: folder === undefined ? undefined : { dir: folder },
    restore: restart.restore,
    allowNonRestoredState: restart.allowNonRestoredState,
    // The debugger (renderer/debug): started paused, punctuated watermarks.
    ...(restart.debug ? { debug: {} } : {}),
  }).catch((error: unknown) => {
    s.setRun({ runStatus: 'idle', refusal: (error as Error).message });
    return undefined;
  });
  if (!result) return;
  if (!result.started) {
    s.setProblems(result.problems);
    s.setRun({ runStatus: 'idle', refusal: refusalText(result.problems) });
    return;
  }
  if (useEditor.getState().runStatus === 'starting') s.setRun({ runId: result.runId, runStatus: restart.debug ? 'paused' : 'running' });
  else s.setRun({ runId: result.runId, ...(restart.debug && useEditor.getState().runStatus === 'running' ? { runStatus: 'paused' as const } : {}) });
}

function control(call: 'stop' | 'pause' | 'resume'): void {
  const { runId, setRun } = useEditor.getState();
  if (!runId) return;
  void host()[call]({ runId });
  if (call === 'pause') setRun({ runStatus: 'paused' });
  if (call === 'resume') setRun({ runStatus: 'running' });
}

export const stopRun = (): void => control('stop');

/**
 * Before another document opens (New, Open, an example, a recovery): stops the current run if it
 * is still going (its events are ignored from then on) and clears the live counters and the last
 * export message, which belong to the document being left.
 */
export function leaveDocument(): void {
  const { runId, runStatus } = useEditor.getState();
  if (runId && (runStatus === 'running' || runStatus === 'paused')) void host().stop({ runId }).catch(() => undefined);
  useLive.getState().reset();
  dismissExportStatus();
}
export const pauseRun = (): void => control('pause');
export const resumeRun = (): void => control('resume');

/** Applies one host event to the stores; events of other runs are ignored. */
export function handleHostEvent(event: HostEvent): void {
  if (!('runId' in event)) return; // not a run's event (a Flink check's progress)
  const s = useEditor.getState();
  const current = s.runId === event.runId || (s.runId === undefined && s.runStatus === 'starting');
  if (!current) return;
  switch (event.type) {
    case 'runStarted':
      s.setRun({ runId: event.runId, runStatus: s.runStatus === 'paused' ? 'paused' : 'running' });
      break;
    case 'metrics':
      useLive.getState().update(event.elapsedMs, event.nodes);
      break;
    case 'runFinished':
      useLive.getState().update(event.summary.durationMs, event.summary.nodes);
      s.setRun({ runId: event.runId, runStatus: event.summary.status, summary: event.summary });
      useStateView.getState().pointsChanged();
      break;
    case 'runFailed':
      if (event.nodes) useLive.getState().update(useLive.getState().elapsedMs + 100, event.nodes);
      if (event.problems) s.setProblems(event.problems);
      s.setRun({ runId: event.runId, runStatus: 'failed', failure: { message: event.message, nodeId: event.nodeId } });
      useStateView.getState().pointsChanged();
      break;
    case 'log':
      break;
    case 'checkpoint':
      useStateView.getState().addCheckpoint(event.metrics);
      break;
  }
}

/** Starting and controlling runs, and routing the host's run events into the stores. */
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { useLive } from '../store/live-store.ts';
import { refusalText } from './problem-text.ts';
import type { HostEvent } from '../../engine/host/protocol.ts';

export async function startRun(): Promise<void> {
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
  const result = await host().run({ document: s.doc, baseDir: s.location.baseDir, speed: s.speed, documentPath: s.location.path });
  if (!result.started) {
    s.setProblems(result.problems);
    s.setRun({ runStatus: 'idle', refusal: refusalText(result.problems) });
    return;
  }
  if (useEditor.getState().runStatus === 'starting') s.setRun({ runId: result.runId, runStatus: 'running' });
  else s.setRun({ runId: result.runId });
}

function control(call: 'stop' | 'pause' | 'resume'): void {
  const { runId, setRun } = useEditor.getState();
  if (!runId) return;
  void host()[call]({ runId });
  if (call === 'pause') setRun({ runStatus: 'paused' });
  if (call === 'resume') setRun({ runStatus: 'running' });
}

export const stopRun = (): void => control('stop');
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
      s.setRun({ runId: event.runId, runStatus: 'running' });
      break;
    case 'metrics':
      useLive.getState().update(event.elapsedMs, event.nodes);
      break;
    case 'runFinished':
      useLive.getState().update(event.summary.durationMs, event.summary.nodes);
      s.setRun({ runId: event.runId, runStatus: event.summary.status, summary: event.summary });
      break;
    case 'runFailed':
      if (event.nodes) useLive.getState().update(useLive.getState().elapsedMs + 100, event.nodes);
      if (event.problems) s.setProblems(event.problems);
      s.setRun({ runId: event.runId, runStatus: 'failed', failure: { message: event.message, nodeId: event.nodeId } });
      break;
    case 'log':
      break;
  }
}

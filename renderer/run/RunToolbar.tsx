/**
 * Run, pause/resume, stop, replay speed, checkpointing and the run status. The speed is the next run's: it is
 * fixed when a run starts (the select is disabled while one goes on), and unless it is "per
 * source" it overrides every source's own `speed` field, as `tributary run --speed` does; the
 * select's tooltip and the note beside it say which speed each source gets.
 */
import { useEditor } from '../store/editor-store.ts';
import { pauseRun, resumeRun, startRun, stopRun } from './run-actions.ts';
import type { RunSpeed } from '../../engine/host/protocol.ts';
import type { EditorDocument } from '../model/editor-document.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { PauseIcon, PlayIcon, StopIcon } from './RunIcons.tsx';
import { CheckpointToggle } from '../state/CheckpointToggle.tsx';

const SPEEDS: { label: string; value: RunSpeed }[] = [
  { label: 'per source', value: 'sources' },
  { label: 'max', value: 'max' },
  { label: '1×', value: 1 },
  { label: '10×', value: 10 },
  { label: '100×', value: 100 },
  { label: '10 000×', value: 10_000 },
  { label: '100 000×', value: 100_000 },
];

const speedText = (s: unknown): string => (s === 'max' || s === undefined ? 'max' : `${String(s)}×`);

/** Sources with a `speed` field, and the speed each runs at with the toolbar at `speed`. */
export function sourceSpeeds(doc: EditorDocument, speed: RunSpeed): { nodeId: string; own: string; effective: string }[] {
  return doc.nodes.flatMap((n) => {
    const defaults = nodeTypeSpec(n.type)?.defaults as Record<string, unknown> | undefined;
    if (!defaults || !('speed' in defaults)) return [];
    const own = speedText(n.config.speed ?? defaults.speed);
    return [{ nodeId: n.id, own, effective: speed === 'sources' ? own : speedText(speed) }];
  });
}

export function RunToolbar() {
  const status = useEditor((s) => s.runStatus);
  const speed = useEditor((s) => s.speed);
  const setSpeed = useEditor((s) => s.setSpeed);
  const problemCount = useEditor((s) => s.problems.length);
  const live = status === 'running' || status === 'paused' || status === 'starting';
  const doc = useEditor((s) => s.doc);
  const sources = sourceSpeeds(doc, speed);
  const overridden = speed !== 'sources' ? sources.filter((s) => s.own !== s.effective) : [];
  const perSource = sources.map((s) => `${s.nodeId}: ${s.effective}${speed === 'sources' ? ' (its speed field)' : s.own !== s.effective ? ` (toolbar; its field says ${s.own})` : ''}`).join('\n');
  const title = live
    ? 'The replay speed is fixed when a run starts: stop the run to change it.'
    : `Replay speed of the next run. "per source": each source's own speed field; any other value overrides every source's field (as tributary run --speed).${perSource ? `\n${perSource}` : ''}`;
  return (
    <div className="run-toolbar">
      <button type="button" className="primary" data-testid="run-button" disabled={live} onClick={() => void startRun()} title={problemCount > 0 ? 'fix the problems first' : 'run the pipeline'}>
        <PlayIcon /> Run
      </button>
      {status === 'paused' ? (
        <button type="button" data-testid="resume-button" onClick={resumeRun}>
          <PlayIcon /> Resume
        </button>
      ) : (
        <button type="button" data-testid="pause-button" disabled={status !== 'running'} onClick={pauseRun}>
          <PauseIcon /> Pause
        </button>
      )}
      <button type="button" data-testid="stop-button" disabled={!live} onClick={stopRun}>
        <StopIcon /> Stop
      </button>
      <select
        data-testid="speed-select"
        aria-label="replay speed"
        value={String(speed)}
        disabled={live}
        onChange={(e) => setSpeed(e.target.value === 'max' || e.target.value === 'sources' ? e.target.value : Number(e.target.value))}
        title={title}
      >
        {SPEEDS.map((s) => (
          <option key={s.label} value={String(s.value)}>
            {s.label}
          </option>
        ))}
      </select>
      <CheckpointToggle disabled={live} />
      {overridden.length > 0 && (
        <span className="dim" data-testid="speed-note" title={perSource}>
          overrides {overridden.length === 1 ? `${overridden[0]?.nodeId}'s speed` : `${overridden.length} sources' speed`}
        </span>
      )}
      <span className={`run-status status-${status}`} data-testid="run-status" data-status={status}>
        {status}
      </span>
    </div>
  );
}

/** Run, pause/resume, stop, replay speed, checkpointing and the run status. */
import { useEditor } from '../store/editor-store.ts';
import { pauseRun, resumeRun, startRun, stopRun } from './run-actions.ts';
import type { Speed } from '../../engine/host/protocol.ts';
import { PauseIcon, PlayIcon, StopIcon } from './RunIcons.tsx';
import { CheckpointToggle } from '../state/CheckpointToggle.tsx';

const SPEEDS: { label: string; value: Speed }[] = [
  { label: 'max', value: 'max' },
  { label: '1×', value: 1 },
  { label: '10×', value: 10 },
  { label: '100×', value: 100 },
  { label: '10 000×', value: 10_000 },
  { label: '100 000×', value: 100_000 },
];

export function RunToolbar() {
  const status = useEditor((s) => s.runStatus);
  const speed = useEditor((s) => s.speed);
  const setSpeed = useEditor((s) => s.setSpeed);
  const problemCount = useEditor((s) => s.problems.length);
  const live = status === 'running' || status === 'paused' || status === 'starting';
  return (
    <div className="run-toolbar">
      <button type="button" data-testid="run-button" disabled={live} onClick={() => void startRun()} title={problemCount > 0 ? 'fix the problems first' : 'run the pipeline'}>
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
      <select data-testid="speed-select" value={String(speed)} onChange={(e) => setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))} title="replay speed">
        {SPEEDS.map((s) => (
          <option key={s.label} value={String(s.value)}>
            {s.label}
          </option>
        ))}
      </select>
      <CheckpointToggle disabled={live} />
      <span className={`run-status status-${status}`} data-testid="run-status" data-status={status}>
        {status}
      </span>
    </div>
  );
}

/**
 * The debugger's controls: start the document paused, step one record, N records, advance until
 * the watermark reaches a typed time (UTC unless it names a zone), or continue to the next
 * breakpoint. Disabled while a step runs or when no debugged run is paused.
 */
import { useState } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { useDebug } from './debug-store.ts';
import { startDebugging, step } from './debug-actions.ts';
import { parseTypedTime } from './format-debug.ts';

export function DebugControls() {
  const runId = useDebug((s) => s.runId);
  const busy = useDebug((s) => s.busy);
  const status = useDebug((s) => s.view?.status);
  const runStatus = useEditor((s) => s.runStatus);
  const [n, setN] = useState('100');
  const [until, setUntil] = useState('');
  const live = runStatus === 'running' || runStatus === 'paused' || runStatus === 'starting';
  const canStep = runId !== undefined && status === 'paused' && runStatus === 'paused' && !busy;
  const target = parseTypedTime(until);
  const count = Number(n);
  return (
    <div className="debug-controls" data-testid="debug-controls">
      <button type="button" data-testid="debug-start" disabled={live} onClick={() => void startDebugging()} title="run the pipeline paused, with punctuated watermarks, to step it">
        Debug
      </button>
      <button type="button" data-testid="debug-step-1" disabled={!canStep} onClick={() => void step({ records: 1 })}>
        Step 1
      </button>
      <input className="debug-n" data-testid="debug-n" aria-label="records per step" value={n} onChange={(e) => setN(e.target.value)} />
      <button type="button" data-testid="debug-step-n" disabled={!canStep || !(Number.isInteger(count) && count >= 1)} onClick={() => void step({ records: count })}>
        Step N
      </button>
      <input
        className="debug-until"
        data-testid="debug-until"
        aria-label="advance until the watermark reaches (UTC)"
        placeholder="2001-01-01T06:00"
        value={until}
        onChange={(e) => setUntil(e.target.value)}
      />
      <button type="button" data-testid="debug-advance" disabled={!canStep || target === undefined} onClick={() => target !== undefined && void step({ untilWatermark: target })} title="step until every node's watermark reaches this time (UTC)">
        Advance to
      </button>
      <button type="button" data-testid="debug-continue" disabled={!canStep} onClick={() => void step({ toBreakpoint: true })} title="run until a breakpoint hits or the input ends">
        Continue
      </button>
    </div>
  );
}

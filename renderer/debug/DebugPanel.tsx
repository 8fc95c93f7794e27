/**
 * The Debugger column of the bottom panel (issue 17): controls, where the run paused and why,
 * the record a breakpoint stopped at (its node, event time and the node's watermark), every
 * node's figures with its breakpoints, the why panel, and the selected node's chart over the run.
 */
import { useCurrentView, useDebug } from './debug-store.ts';
import { DebugControls } from './DebugControls.tsx';
import { DebugNodes } from './DebugNodes.tsx';
import { WhyPanel } from './WhyPanel.tsx';
import { NodeChart } from './NodeChart.tsx';
import { useEditor } from '../store/editor-store.ts';
import { showRecord, showTime } from './format-debug.ts';
import './debug.css';

const REASONS: Record<string, string> = {
  start: 'started paused',
  records: 'stepped',
  watermark: 'the watermark reached the time',
  breakpoint: 'a breakpoint hit',
  end: 'the input ended: the final watermark fired every window',
};

export function DebugPanel() {
  const view = useCurrentView();
  const error = useDebug((s) => s.error);
  const busy = useDebug((s) => s.busy);
  const hit = view?.hit;
  const selected = useEditor((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0] : undefined));
  const running = useEditor((s) => s.runId !== undefined);
  return (
    <div className="debug-panel" data-testid="debug-panel">
      <DebugControls />
      {error && (
        <div className="bad" data-testid="debug-error">
          {error}
        </div>
      )}
      {view && (
        <div className="debug-status" data-testid="debug-view" data-status={view.status} data-reason={view.reason} data-emitted={view.emitted} data-busy={busy ? 'true' : 'false'}>
          {view.status}: {REASONS[view.reason]} · {view.stepped.toLocaleString('en-US')} records this step, {view.emitted.toLocaleString('en-US')} in all
        </div>
      )}
      {hit && view?.status === 'paused' && (
        <div className="debug-hit" data-testid="debug-hit" data-node={hit.nodeId} data-on={hit.on} data-event-time={hit.eventTime} data-watermark={hit.watermark ?? ''}>
          <strong>{hit.nodeId}</strong>: {hit.on === 'late' ? 'late record' : hit.on === 'error' ? 'error' : `window fired${hit.key !== undefined ? ` (key ${hit.key})` : ''}`} · event time {showTime(hit.eventTime)} · node watermark {showTime(hit.watermark)}
          <code data-testid="debug-hit-record">{showRecord(hit.record)}</code>
        </div>
      )}
      <DebugNodes />
      <WhyPanel />
      {selected && running && (
        <>
          <h5>{selected} over the run</h5>
          <NodeChart key={selected} nodeId={selected} />
        </>
      )}
    </div>
  );
}

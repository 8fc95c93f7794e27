/** Problems, the run summary, the selected node's output (or the state browser) and, with checkpoints on, the Checkpoints panel. */
import { useEditor } from '../store/editor-store.ts';
import { ProblemsList } from '../run/ProblemsList.tsx';
import { OutputTable } from '../run/OutputTable.tsx';
import { RunSummary } from '../run/RunSummary.tsx';
import { CheckpointsPanel } from '../state/CheckpointsPanel.tsx';
import { StateBrowser } from '../state/StateBrowser.tsx';
import { StateDiff } from '../state/StateDiff.tsx';
import { useStateView } from '../state/state-store.ts';
import { DebugPanel } from '../debug/DebugPanel.tsx';

export function BottomPanel() {
  const refusal = useEditor((s) => s.refusal);
  const selected = useEditor((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0] : undefined));
  const problemCount = useEditor((s) => s.problems.length);
  const checkpointing = useStateView((s) => s.checkpointing);
  const browsing = useStateView((s) => s.browsing !== undefined);
  const diffing = useStateView((s) => s.diff !== undefined);
  return (
    <section className="bottom nokey">
      {refusal && (
        <div className="refusal bad" data-testid="run-refusal">
          {refusal}
        </div>
      )}
      <div className="bottom-columns">
        {/* Columns scroll on their own: focusable regions, so the keyboard can scroll them (WCAG 2.1.1). */}
        <div className="bottom-col" tabIndex={0} role="region" aria-label="Problems and run">
          <h4>Problems ({problemCount})</h4>
          <ProblemsList />
          <h4>Run</h4>
          <RunSummary />
        </div>
        <div className="bottom-col wide" tabIndex={0} role="region" aria-label="Output">
          {diffing ? (
            <>
              <h4>State diff</h4>
              <StateDiff />
            </>
          ) : browsing ? (
            <>
              <h4>State</h4>
              <StateBrowser />
            </>
          ) : (
            <>
              <h4>Output {selected ? `of ${selected}` : ''}</h4>
              {selected ? <OutputTable key={selected} nodeId={selected} /> : <div className="empty-state">Select a node on the canvas to see its latest records.</div>}
            </>
          )}
        </div>
        <div className="bottom-col debug-col" tabIndex={0} role="region" aria-label="Debugger">
          <h4>Debugger</h4>
          <DebugPanel />
        </div>
        {checkpointing || browsing || diffing ? (
          <div className="bottom-col" tabIndex={0} role="region" aria-label="Checkpoints">
            <h4>Checkpoints</h4>
            <CheckpointsPanel />
          </div>
        ) : null}
      </div>
    </section>
  );
}

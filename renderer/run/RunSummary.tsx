/** The end-of-run summary: status, duration, records read, the replay line and every node's counters. */
import { replaySummaryText } from '../../engine/pipeline/replay.ts';
import { useEditor } from '../store/editor-store.ts';
import { formatWatermark } from '../nodes/format.ts';
import { summaryHints, watermarkTitle } from './watermark-hints.ts';

export function RunSummary() {
  const summary = useEditor((s) => s.summary);
  const failure = useEditor((s) => s.failure);
  if (failure)
    return (
      <div className="bad" data-testid="run-failure">
        Run failed: {failure.message}
      </div>
    );
  if (!summary) return <div className="empty-state">No finished run yet. Run the pipeline (Ctrl+Enter) to see every node's counters here.</div>;
  const replay = summary.replay ? replaySummaryText(summary.replay) : undefined;
  const hints = summaryHints(summary);
  return (
    <div data-testid="run-summary" data-status={summary.status}>
      <div>
        {summary.status}: {summary.recordsRead.toLocaleString()} records read in {(summary.durationMs / 1000).toFixed(2)} s
      </div>
      {replay && <div data-testid="run-summary-replay">{replay}</div>}
      {hints.map((h) => (
        <div key={h.nodeId} className="warn" data-testid={`summary-hint-${h.nodeId}`}>
          hint: source {h.nodeId}: {h.text}
        </div>
      ))}
      <table className="table">
        <thead>
          <tr>
            <th>node</th><th>type</th><th>in</th><th>out</th><th>filtered</th><th>late</th><th>errors</th><th title={watermarkTitle('output')}>watermark</th>
          </tr>
        </thead>
        <tbody>
          {summary.nodes.map((n) => (
            <tr key={n.nodeId} data-testid={`summary-${n.nodeId}`}>
              <td>{n.nodeId}</td><td>{n.type}</td><td>{n.in}</td><td>{n.out}</td><td>{n.filtered}</td><td>{n.late}</td><td>{n.errors}</td>
              <td>{formatWatermark(n.outputWatermark, n.finished, null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

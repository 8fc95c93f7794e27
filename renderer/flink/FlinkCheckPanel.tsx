/**
 * The outcome of "Check against Flink": a progress indicator while it runs (export, Flink
 * start, Flink run, Tributary run, compare), then per sink node whether both engines wrote the
 * same rows, with the first rows found only in one of them; or why the check could not compare.
 */
import type { ProtocolSinkDiff } from '../../engine/host/protocol.ts';
import { FLINK_CHECK_PHASES } from '../../engine/host/protocol.ts';
import { closeFlinkCheck, useFlinkCheck } from './flink-actions.ts';
import './flink.css';

const PHASE_LABELS: Record<(typeof FLINK_CHECK_PHASES)[number], string> = {
  export: 'Export',
  'flink-start': 'Start Flink',
  'flink-run': 'Run on Flink',
  'tributary-run': 'Run on Tributary',
  compare: 'Compare',
};

function Rows({ label, side }: { label: string; side: ProtocolSinkDiff['onlyFlink'] }) {
  if (side.count === 0) return null;
  return (
    <details className="flink-rows">
      <summary>
        {side.count} {label} (first {side.first.length})
      </summary>
      <pre>{side.first.map((r) => JSON.stringify(r)).join('\n')}</pre>
    </details>
  );
}

function SinkResult({ diff }: { diff: ProtocolSinkDiff }) {
  return (
    <li className={`flink-sink ${diff.equal ? 'flink-equal' : 'flink-different'}`} data-testid={`flink-sink-${diff.nodeId}`} data-equal={String(diff.equal)}>
      <strong>{diff.nodeId}</strong>: {diff.equal ? 'equal' : 'different'} — {diff.matched} rows in both (Tributary {diff.tributaryRows}, Flink {diff.flinkRows})
      <Rows label="only in Flink" side={diff.onlyFlink} />
      <Rows label="only in Tributary" side={diff.onlyTributary} />
    </li>
  );
}

export function FlinkCheckPanel() {
  const { state, steps, result, error } = useFlinkCheck();
  if (state === 'idle') return null;
  const reached = new Set(steps.map((s) => s.phase));
  const current = steps[steps.length - 1];
  const verdict = result?.status === 'compared' ? (result.equal ? 'equal' : 'different') : result?.status;
  return (
    <aside className="flink-check" data-testid="flink-check-panel" data-state={state} aria-label="Check against Flink">
      <header>
        <strong>Check against Flink</strong>
        {state !== 'running' ? (
          <button type="button" className="flink-close" onClick={closeFlinkCheck} aria-label="Close" data-testid="flink-check-close">×</button>
        ) : null}
      </header>
      <ol className="flink-steps" data-testid="flink-check-steps">
        {FLINK_CHECK_PHASES.map((p) => (
          <li key={p} className={reached.has(p) ? (state === 'running' && current?.phase === p ? 'active' : 'done') : 'pending'}>
            {PHASE_LABELS[p]}
          </li>
        ))}
      </ol>
      {state === 'running' ? (
        <p role="status" data-testid="flink-check-progress">
          <progress max={FLINK_CHECK_PHASES.length} value={Math.max(0, FLINK_CHECK_PHASES.indexOf(current?.phase ?? 'export'))} /> {current?.message ?? 'starting…'}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="flink-error" data-testid="flink-check-error">{error}</p>
      ) : null}
      {result ? (
        <div data-testid="flink-check-result" data-verdict={verdict}>
          {result.status === 'compared' ? (
            <p className={result.equal ? 'flink-equal' : 'flink-different'} role="status">
              {result.equal ? 'Every sink wrote the same rows on Flink and Tributary.' : 'The engines wrote different rows.'}
            </p>
          ) : (
            <p role="alert" className="flink-error">
              {result.status === 'unavailable' || result.status === 'failed' ? result.message : result.status === 'refused' ? 'Flink SQL cannot express this pipeline:' : 'The pipeline is invalid:'}
            </p>
          )}
          {result.problems.length > 0 ? <pre className="flink-problems">{result.problems.map((p) => `node ${p.nodeId ?? '-'}: ${p.message}`).join('\n')}</pre> : null}
          {result.warnings.length > 0 ? <pre className="flink-warnings">{result.warnings.map((p) => `warning, node ${p.nodeId ?? '-'}: ${p.message}`).join('\n')}</pre> : null}
          <ul className="flink-sinks">
            {result.sinks.map((d) => (
              <SinkResult key={d.nodeId} diff={d} />
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}

/**
 * The Tests panel: after "Run tests", each test's verdict and, for a failed one, the diff of
 * each output that did not match (expected against got); after "Accept as golden", where the
 * test was written; after "Compare with saved", per sink (then per node output) what the edits
 * change, saved against edited ("Compare with file…": a picked pipeline file against edited).
 */
import { useState } from 'react';
import { COMPARE_LABELS, DiffView, TEST_LABELS, type DiffLabels } from './DiffView.tsx';
import { closeTests, compareWithSaved, useTests, type TestsState } from './tests-actions.ts';
import './tests.css';

function TestsResult({ tests }: { tests: NonNullable<TestsState['tests']> }) {
  if (!tests.exists) return <p data-testid="tests-none">No tests yet: {tests.testFile} does not exist. “Accept as golden” records one.</p>;
  if (tests.problems.length > 0)
    return (
      <div role="alert" className="tests-bad" data-testid="tests-file-problems">
        {tests.testFile} cannot be used:
        <pre>{tests.problems.join('\n')}</pre>
      </div>
    );
  const passed = tests.tests.filter((t) => t.status === 'passed').length;
  return (
    <div data-testid="tests-result" data-passed={passed} data-total={tests.tests.length}>
      <p className={passed === tests.tests.length ? 'tests-good' : 'tests-bad'} role="status" data-testid="tests-summary">
        {passed} of {tests.tests.length} test{tests.tests.length === 1 ? '' : 's'} passed ({tests.testFile})
      </p>
      <ul className="tests-list">
        {tests.tests.map((t, i) => (
          <li key={i} data-testid={`test-${i}`} data-status={t.status}>
            <span className={`tests-status tests-${t.status}`}>{t.status.toUpperCase()}</span> {t.name}
            {t.message ? <div className="tests-bad">{t.nodeId ? `node ${t.nodeId}: ` : ''}{t.message}</div> : null}
            {t.problems?.length ? <pre className="tests-bad">{t.problems.map((p) => `${p.code} ${p.nodeId ? `node ${p.nodeId}: ` : ''}${p.message}`).join('\n')}</pre> : null}
            {t.outputs
              .filter((o) => !o.diff.equal)
              .map((o) => (
                <DiffView key={o.ref} output={o} labels={TEST_LABELS} testId={`test-${i}-diff-${o.ref}`} />
              ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function CompareResult({ compare, comparedWith }: { compare: NonNullable<TestsState['compare']>; comparedWith?: string }) {
  const labels: DiffLabels = comparedWith === undefined ? COMPARE_LABELS : { a: 'other', b: 'edited', onlyA: 'only in the other file', onlyB: 'only in edited' };
  if (compare.status === 'failed')
    return (
      <div role="alert" className="tests-bad" data-testid="compare-failed">
        The {compare.side === 'a' ? (comparedWith ?? 'saved version') : 'edited version'} could not run: {compare.message}
        {compare.problems?.length ? <pre>{compare.problems.map((p) => `${p.code} ${p.nodeId ? `node ${p.nodeId}: ` : ''}${p.message}`).join('\n')}</pre> : null}
      </div>
    );
  const sinks = compare.outputs.filter((o) => o.port === undefined);
  const nodes = compare.outputs.filter((o) => o.port !== undefined && !o.diff.equal);
  return (
    <div data-testid="compare-result" data-equal={String(compare.equal)}>
      <p className={compare.equal ? 'tests-good' : 'tests-bad'} role="status">
        {comparedWith === undefined
          ? compare.equal
            ? 'The edits change nothing the sinks write (same inputs, deterministic replay).'
            : 'The edits change what the pipeline writes:'
          : compare.equal
            ? `${comparedWith} writes the same rows as the open document (same inputs, deterministic replay).`
            : `${comparedWith} and the open document write different rows:`}
      </p>
      {sinks.map((o) => (
        <DiffView key={o.ref} output={o} labels={labels} testId={`compare-${o.ref}`} />
      ))}
      {nodes.length > 0 ? (
        <details className="tests-nodes">
          <summary>Node outputs that differ: {nodes.map((o) => o.ref).join(', ')}</summary>
          {nodes.map((o) => (
            <DiffView key={o.ref} output={o} labels={labels} testId={`compare-${o.ref}`} />
          ))}
        </details>
      ) : null}
    </div>
  );
}

function PickFile({ files }: { files: string[] }) {
  const [chosen, setChosen] = useState(files[0] ?? '');
  if (files.length === 0) return <p data-testid="compare-no-files">No other pipeline file in the workspace.</p>;
  return (
    <form
      className="tests-pick"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) void compareWithSaved(chosen);
      }}
    >
      <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="compare-file-select" aria-label="Pipeline file to compare with">
        {files.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>{' '}
      <button type="submit" data-testid="compare-file-go">Compare</button>
    </form>
  );
}

const TITLES = { tests: 'Tests', golden: 'Accept as golden', compare: 'Compare with saved version' } as const;

export function TestsPanel() {
  const { state, action, tests, golden, compare, comparedWith, files, error } = useTests();
  if (state === 'idle' || !action) return null;
  const title = action === 'compare' && (state === 'picking' || comparedWith !== undefined) ? `Compare with ${comparedWith ?? 'file…'}` : TITLES[action];
  return (
    <aside className="tests-panel" data-testid="tests-panel" data-state={state} data-action={action} aria-label={title}>
      <header>
        <strong>{title}</strong>
        {state !== 'running' ? (
          <button type="button" className="tests-close" onClick={closeTests} aria-label="Close" data-testid="tests-close">×</button>
        ) : null}
      </header>
      {state === 'running' ? <p role="status" data-testid="tests-progress">Running…</p> : null}
      {error ? (
        <p role="alert" className="tests-bad" data-testid="tests-error">{error}</p>
      ) : null}
      {state === 'done' && action === 'tests' && tests ? <TestsResult tests={tests} /> : null}
      {state === 'done' && action === 'golden' && golden ? (
        <p className="tests-good" role="status" data-testid="golden-result">
          {golden.created ? 'Created' : 'Updated'} {golden.testFile}: test “{golden.name}” expects {golden.rows} rows in {golden.outputs} output{golden.outputs === 1 ? '' : 's'}.
          {golden.sampled.length > 0 ? ` Inputs written into the test: ${golden.sampled.map((s) => `${s.nodeId} (its first ${s.records} records)`).join(', ')}.` : ''}
        </p>
      ) : null}
      {state === 'picking' ? <PickFile files={files ?? []} /> : null}
      {state === 'done' && action === 'compare' && compare ? <CompareResult compare={compare} comparedWith={comparedWith} /> : null}
    </aside>
  );
}

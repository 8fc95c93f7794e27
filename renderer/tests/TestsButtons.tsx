/** Toolbar buttons for pipeline tests: run them, accept the current behaviour as golden, compare with the saved file or another one. */
import { BadgeCheck, FileDiff, FlaskConical, GitCompare } from 'lucide-react';
import { acceptAsGolden, compareWithSaved, pickCompareFile, runPipelineTests, useTests } from './tests-actions.ts';

export function TestsButtons() {
  const running = useTests((s) => s.state === 'running');
  return (
    <>
      <button type="button" onClick={() => void runPipelineTests()} disabled={running} data-testid="run-tests-button" title="Run the tests in NAME.pipeline.test.json beside this pipeline against the open document">
        <FlaskConical size={15} aria-hidden="true" /> Run tests
      </button>
      <button type="button" onClick={() => void acceptAsGolden()} disabled={running} data-testid="accept-golden-button" title="Run the pipeline on its own inputs and record what every sink wrote as a test">
        <BadgeCheck size={15} aria-hidden="true" /> Accept as golden
      </button>
      <button type="button" onClick={() => void compareWithSaved()} disabled={running} data-testid="compare-saved-button" title="Run the saved file and the open document on the same inputs and show what the edits change">
        <GitCompare size={15} aria-hidden="true" /> Compare with saved
      </button>
      <button type="button" onClick={() => void pickCompareFile()} disabled={running} data-testid="compare-file-button" title="Run another pipeline file and the open document on the same inputs and show what differs">
        <FileDiff size={15} aria-hidden="true" /> Compare with file…
      </button>
    </>
  );
}

/** Toolbar buttons for Apache Flink: export as a Flink SQL job, and check against a local Flink. */
import { FileCode, ShieldCheck } from 'lucide-react';
import { checkAgainstFlink, exportFlinkJob, useFlinkCheck } from './flink-actions.ts';

export function FlinkButtons() {
  const running = useFlinkCheck((s) => s.state === 'running');
  return (
    <>
      <button type="button" onClick={() => void exportFlinkJob()} data-testid="export-flink-button" title="Write job.sql for Flink's SQL client (File → Export → Apache Flink)">
        <FileCode size={15} aria-hidden="true" /> Export to Flink…
      </button>
      <button type="button" onClick={() => void checkAgainstFlink()} disabled={running} data-testid="flink-check-button" title="Run the exported job on a local Apache Flink and compare every sink with Tributary's run">
        <ShieldCheck size={15} aria-hidden="true" /> Check against Flink
      </button>
    </>
  );
}

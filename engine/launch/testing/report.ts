/**
 * Test results as text, for `tributary test` and an exported bundle's `node job.mjs --test`:
 * a line per test (`PASS`, `FAIL`, `ERROR`, with its time), then for a failure each differing
 * output's diff (missing, unexpected and changed rows), for an error its reason and problems.
 */
import { formatProblem } from '../../pipeline/problems.ts';
import { rowDiffLines, TEST_LABELS } from '../../pipeline/row-diff-text.ts';
import type { JUnitSuite } from './junit.ts';
import type { TestCaseResult } from './run-tests.ts';

const LABEL = { passed: 'PASS ', failed: 'FAIL ', error: 'ERROR' } as const;

/** `PASS  name (0.8 s)` */
export function testLine(r: TestCaseResult): string {
  return `${LABEL[r.status]} ${r.name} (${(r.durationMs / 1000).toFixed(1)} s)`;
}

/** What went wrong, without the headline: the diffs of differing outputs, or the error. */
export function failureLines(r: TestCaseResult, indent = '    '): string[] {
  if (r.status === 'error') return [`${indent}${r.message ?? 'the test could not run'}`, ...(r.problems ?? []).map((p) => `${indent}  ${formatProblem(p)}`)];
  return r.outputs.filter((o) => !o.diff.equal).flatMap((o) => rowDiffLines(o.ref, o.diff, TEST_LABELS, indent));
}

/** One line naming what failed: `hourly: 1 missing, 2 changed; per_hour.late: 1 unexpected`. */
export function failureSummary(r: TestCaseResult): string {
  if (r.status === 'error') return r.message ?? 'the test could not run';
  return r.outputs
    .filter((o) => !o.diff.equal)
    .map((o) => {
      const d = o.diff;
      const parts = [
        d.onlyA.count > 0 ? `${d.onlyA.count} missing` : '',
        d.onlyB.count > 0 ? `${d.onlyB.count} unexpected` : '',
        d.changed.count > 0 ? `${d.changed.count} changed` : '',
        d.order ? `order differs at row ${d.order.position + 1}` : '',
      ].filter(Boolean);
      return `${o.ref}: ${parts.join(', ')}`;
    })
    .join('; ');
}

/** A test file's results as a JUnit suite; `problems`: why the file's tests could not run at all. */
export function junitSuite(name: string, tests: readonly TestCaseResult[], problems?: readonly string[]): JUnitSuite {
  if (problems && problems.length > 0) return { name, cases: [{ name: '(test file)', status: 'error', durationMs: 0, message: problems[0], details: problems.join('\n') }] };
  return {
    name,
    cases: tests.map((t) => ({ name: t.name, status: t.status, durationMs: t.durationMs, message: t.status === 'passed' ? undefined : failureSummary(t), details: failureLines(t, '').join('\n') })),
  };
}

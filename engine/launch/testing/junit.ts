/**
 * JUnit XML for `tributary test --junit FILE` and `node job.mjs --test --junit FILE`, the format
 * CI systems read (Jenkins, GitLab, GitHub Actions reporters): one `<testsuite>` per test file,
 * one `<testcase>` per test, a `<failure>` with the diff for a failed test, an `<error>` for one
 * that could not run. Times in seconds.
 */

export interface JUnitCase {
  name: string;
  status: 'passed' | 'failed' | 'error';
  durationMs: number;
  /** One line: the failure's or error's summary. */
  message?: string;
  /** The full text (the diff). */
  details?: string;
}

export interface JUnitSuite {
  /** The test file, as shown (relative to the working folder). */
  name: string;
  cases: JUnitCase[];
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The report for `suites`. */
export function junitXml(suites: readonly JUnitSuite[]): string {
  const count = (cases: readonly JUnitCase[], s: JUnitCase['status']): number => cases.filter((c) => c.status === s).length;
  const all = suites.flatMap((s) => s.cases);
  const time = (cases: readonly JUnitCase[]): number => cases.reduce((t, c) => t + c.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tributary test" tests="${all.length}" failures="${count(all, 'failed')}" errors="${count(all, 'error')}" time="${seconds(time(all))}">`,
  ];
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, 'failed')}" errors="${count(suite.cases, 'error')}" skipped="0" time="${seconds(time(suite.cases))}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase classname="${xmlEscape(suite.name)}" name="${xmlEscape(c.name)}" time="${seconds(c.durationMs)}"`;
      if (c.status === 'passed') {
        lines.push(`${open}/>`);
        continue;
      }
      const tag = c.status === 'failed' ? 'failure' : 'error';
      lines.push(`${open}>`);
      lines.push(`      <${tag} message="${xmlEscape(c.message ?? '')}" type="${c.status === 'failed' ? 'OutputDiff' : 'TestError'}">${xmlEscape(c.details ?? c.message ?? '')}</${tag}>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

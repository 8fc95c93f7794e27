// The pattern node in the editor: the account-takeover example's stage list in the inspector
// (edit a quantifier, see the problem at the stage, add and remove a stage, drop `within`), a
// run whose partial-match counts per stage show on the node and in the stage list and equal what
// the CLI reports for the same pipeline, and a selected alert highlighting the input records
// that formed it.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEditor, runToEnd, selectNode, waitValid } from './helpers.ts';
import { generateLogins } from '../../examples/patterns/generate-logins.mjs';

const DATA = 'examples/patterns/logins.jsonl';

/** The partial-match gauges the CLI reports for the example without `within`. */
function cliGauges(): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'trb-e2e-pattern-'));
  const doc = JSON.parse(readFileSync('examples/patterns/account-takeover.pipeline.json', 'utf8')) as { nodes: { id: string; config?: Record<string, unknown> }[] };
  const takeover = doc.nodes.find((n) => n.id === 'takeover');
  if (takeover?.config) delete takeover.config.within;
  writeFileSync(join(dir, 'p.pipeline.json'), JSON.stringify(doc));
  writeFileSync(join(dir, 'logins.jsonl'), readFileSync(DATA));
  const out = execFileSync(process.execPath, ['bin/tributary.mjs', 'run', join(dir, 'p.pipeline.json'), '--out', join(dir, 'out'), '--json', '--trust'], { encoding: 'utf8' });
  const summary = JSON.parse(out) as { nodes: { nodeId: string; gauges?: Record<string, number> }[] };
  return summary.nodes.find((n) => n.nodeId === 'takeover')?.gauges ?? {};
}

test.beforeAll(() => {
  // The example's data comes from its seeded generator (not kept in git).
  if (!existsSync(DATA)) writeFileSync(DATA, generateLogins().map((l) => JSON.stringify(l)).join('\n') + '\n');
});

test('edit the stages of a pattern, run it, see partial matches per stage and the records of a match', async ({ page }, testInfo) => {
  const expected = cliGauges();
  expect(expected.fail).toBeGreaterThan(0);

  await openEditor(page);
  await page.getByTestId('example-account-takeover').click();
  await expect(page.getByTestId('node-takeover')).toBeVisible();
  await waitValid(page);
  await selectNode(page, 'takeover');

  const stages = page.getByTestId('stage-list');
  await expect(stages.getByTestId('stage-0')).toHaveAttribute('data-stage', 'fail');
  await expect(stages.getByTestId('stage-1')).toHaveAttribute('data-stage', 'success');
  await expect(stages.getByTestId('stage-0-quantifier')).toHaveValue('times');
  await expect(stages.getByTestId('stage-0-condition')).toContainText("event.result === 'failure'");

  // times(n) without n: the problem shows at the stage; n = 3 again fixes it.
  await stages.getByTestId('stage-0-times').fill('');
  await expect(stages.getByTestId('stage-0-problems')).toContainText('times(n) needs "times"');
  await expect(page.getByTestId('badge-takeover')).toBeVisible();
  await stages.getByTestId('stage-0-times').fill('3');
  await waitValid(page);

  // A third stage is added (followedBy, named stage3), then removed.
  await page.getByTestId('stage-add').click();
  await expect(stages.getByTestId('stage-2')).toHaveAttribute('data-stage', 'stage3');
  await expect(stages.getByTestId('stage-2-contiguity')).toHaveValue('followedBy');
  await stages.getByTestId('stage-2-remove').click();
  await expect(stages.getByTestId('stage-2')).toHaveCount(0);

  // Without `within` nothing times out, so partial matches are still open at the end.
  await page.getByTestId('field-within').fill('');
  await waitValid(page);
  await runToEnd(page, testInfo.outputPath('pattern-mid-run.png'));

  for (const [name, n] of Object.entries(expected)) {
    await expect(page.getByTestId(`gauge-takeover-${name}`)).toHaveAttribute('data-value', String(n));
    await expect(stages.locator(`[data-stage="${name}"] [data-testid$="-waiting"]`)).toHaveAttribute('data-value', String(n));
  }
  await page.getByTestId('canvas').screenshot({ path: testInfo.outputPath('pattern-end.png') });

  // The latest alert: its four input records are highlighted among the node's latest inputs.
  const alert = page.getByTestId('output-row').last();
  const row = JSON.parse((await alert.getAttribute('data-row')) ?? '{}') as { user: string; success_ip: string };
  await alert.click();
  const provenance = page.getByTestId('input-provenance');
  await expect(provenance).toBeVisible();
  const positions = ((await provenance.getAttribute('data-inputs')) ?? '').split(',');
  expect(positions).toHaveLength(4);
  const highlighted = provenance.locator('[data-highlight="true"]');
  await expect(highlighted).toHaveCount(4);
  const texts = await highlighted.allTextContents();
  for (const text of texts) expect(text).toContain(row.user);
  expect(texts.filter((t) => t.includes('failure'))).toHaveLength(3);
  expect(texts.filter((t) => t.includes('success') && t.includes(row.success_ip))).toHaveLength(1);
  await page.getByTestId('output-table').screenshot({ path: testInfo.outputPath('pattern-provenance.png') });
});

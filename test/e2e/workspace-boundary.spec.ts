// The studio reads files only inside its workspace (the repository, where `npm run web` was
// started): a source naming `../outside.jsonl` or an absolute path elsewhere is refused with a
// TRB018 problem naming the node and field, and nothing runs; a path inside still runs.
// (`tributary run` reads any path: test/cli/workspace-boundary.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openEditor, runToEnd, uploadDocument, waitValid } from './helpers.ts';

const outsideDir = mkdtempSync(join(tmpdir(), 'tributary-outside-'));
const outsideFile = join(outsideDir, 'outside.jsonl');
writeFileSync(outsideFile, '{"ts":1,"v":1}\n');
test.afterAll(() => rmSync(outsideDir, { recursive: true, force: true }));

function doc(path: string, timeField = 'ts'): unknown {
  return {
    version: 1,
    name: 'Reads a file',
    nodes: [
      { id: 'src', type: 'fileSource', position: { x: 0, y: 0 }, config: { path, time: { mode: 'event', field: timeField } } },
      { id: 'latest', type: 'previewSink', position: { x: 320, y: 0 }, config: { limit: 10 } },
    ],
    edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
  };
}

test('paths that leave the workspace are refused with the node and field named', async ({ page }) => {
  await openEditor(page);
  for (const path of ['../outside.jsonl', outsideFile]) {
    await uploadDocument(page, doc(path), 'outside.pipeline.json');
    await waitValid(page);
    await page.getByTestId('run-button').click();
    const refusal = page.getByTestId('run-refusal');
    await expect(refusal).toContainText('Run refused: the pipeline has 1 problem (node src)');
    await expect(refusal).toContainText(`"${path}" is outside the workspace`);
    await expect(page.getByTestId('problem-item')).toHaveCount(1);
    await expect(page.getByTestId('problem-item')).toHaveAttribute('data-node', 'src');
    await expect(page.getByTestId('problem-item')).toContainText('TRB018');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');
    await expect(page.locator('[data-testid^="live-"]')).toHaveCount(0);
  }

  // Inside the workspace, relative to the uploaded document's folder (the workspace root).
  await uploadDocument(page, doc('examples/data/flights-20k.jsonl', 'date'), 'inside.pipeline.json');
  await waitValid(page);
  await runToEnd(page);
  await expect(page.getByTestId('live-src')).toHaveAttribute('data-out', '20000');
});

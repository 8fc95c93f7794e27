// The Output panel of a preview sink shows the records it kept (its `limit` latest), a page of
// 1000 at a time, and downloads them as JSON Lines and CSV; the expected rows are computed here
// from the input (the last `limit` rows, in arrival order).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  canonical,
  openEditor,
  runToEnd,
  selectNode,
  uploadDocument,
  waitValid,
} from './helpers.ts';

const INPUT = 2500;
const LIMIT = 2200;
const rows = Array.from({ length: INPUT }, (_, i) => ({
  ts: 1_700_000_000_000 + i * 1000,
  n: i,
  label: i % 7 === 0 ? 'a, "quoted"' : `k${i % 5}`,
}));

const doc = {
  version: 1,
  name: 'Preview output',
  nodes: [
    {
      id: 'rows',
      type: 'values',
      position: { x: 0, y: 0 },
      config: { rows, time: { mode: 'event', field: 'ts' } },
    },
    { id: 'latest', type: 'previewSink', position: { x: 340, y: 0 }, config: { limit: LIMIT } },
  ],
  edges: [{ id: 'e1', source: 'rows', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
};

/** A CSV line's fields (RFC 4180 quoting), independent of the editor's writer. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

test('a preview sink lists its records, pages through them and downloads them as JSONL and CSV', async ({
  page,
}) => {
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  await runToEnd(page);

  await selectNode(page, 'latest');
  await expect(page.getByTestId('output-table')).not.toContainText('This node has no outputs');
  await expect(page.getByTestId('output-tab-received')).toBeVisible();
  const expected = rows.slice(INPUT - LIMIT);
  await expect(page.getByTestId('output-total')).toContainText(`latest ${LIMIT}`);

  const pager = page.getByTestId('output-pager');
  await expect(pager).toHaveAttribute('data-pages', String(Math.ceil(LIMIT / 1000)));
  const seen: string[] = [];
  for (let p = 1; p <= 3; p++) {
    await expect(pager).toHaveAttribute('data-page', String(p));
    const pageRows = await page
      .getByTestId('output-row')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row') ?? ''));
    expect(pageRows.length).toBe(Math.min(1000, LIMIT - (p - 1) * 1000));
    seen.push(...pageRows.map((r) => canonical(JSON.parse(r))));
    if (p < 3) await page.getByTestId('output-next').click();
  }
  await expect(page.getByTestId('output-next')).toBeDisabled();
  expect(seen).toEqual(expected.map(canonical));

  const [jsonl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('output-download-jsonl').click(),
  ]);
  expect(jsonl.suggestedFilename()).toBe('latest-received.jsonl');
  const lines = readFileSync(await jsonl.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines.map((l) => canonical(JSON.parse(l)))).toEqual(expected.map(canonical));

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('output-download-csv').click(),
  ]);
  expect(csv.suggestedFilename()).toBe('latest-received.csv');
  const csvLines = readFileSync(await csv.path(), 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  const header = parseCsvLine(csvLines[0] ?? '');
  expect([...header].sort()).toEqual(['label', 'n', 'ts']);
  expect(csvLines.length).toBe(LIMIT + 1);
  const parsed = csvLines
    .slice(1)
    .map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [header[i], v])));
  expect(parsed).toEqual(
    expected.map((r) => ({ ts: String(r.ts), n: String(r.n), label: r.label })),
  );
});

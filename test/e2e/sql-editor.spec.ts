// The sql node in the editor: the sql-delays example's query in Monaco with FlinkSQL
// highlighting (monaco-sql-languages), completion of the input table's columns with their types
// (dt-sql-parser's grammar in its worker), an unknown column underlined at its line:column with
// the engine's TRB020, the input and output schemas in the inspector and on the node, and the
// node's input handles named by their tables.
import { expect, test } from '@playwright/test';
import { openEditor, selectNode, waitValid } from './helpers.ts';

test('edit a Flink SQL query: highlighting, completion from the input schema, problems at line:column, schemas', async ({ page }, testInfo) => {
  await openEditor(page);
  await page.getByTestId('example-sql-delays').click();
  await expect(page.getByTestId('node-per_hour')).toBeVisible();
  await waitValid(page);

  // The input handle is named by its table, with one more for a new table.
  await expect(page.getByTestId('handle-per_hour-in-flights')).toBeVisible();
  await expect(page.getByTestId('handle-per_hour-in-+')).toBeVisible();
  // The output schema, on the node and in the inspector.
  await expect(page.getByTestId('node-schema-per_hour')).toContainText('avg_delay DOUBLE');
  await selectNode(page, 'per_hour');
  const sql = page.getByTestId('sql-editor');
  await expect(sql.getByTestId('sql-output-schema')).toContainText('window_start');
  await expect(sql.getByTestId('sql-output-schema')).toContainText('TIMESTAMP(3) NOT NULL');
  await expect(sql.getByTestId('sql-input-flights')).toContainText('TIMESTAMP_LTZ(3) *ROWTIME*');

  // Highlighting: the keyword and the column name are different tokens.
  const firstLine = sql.locator('.view-line').first();
  await expect(firstLine).toContainText('SELECT');
  const classOf = async (text: string): Promise<string> => (await firstLine.locator('span span', { hasText: text }).first().getAttribute('class')) ?? '';
  await expect.poll(async () => (await classOf('SELECT')) !== '' && (await classOf('SELECT')) !== (await classOf('origin'))).toBe(true);

  // An unknown column: TRB020 at 1:8, underlined in the editor; undo makes the query valid again.
  await sql.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 'SELECT '.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type('nope, ');
  await expect(page.getByTestId('node-problems')).toContainText('TRB020');
  await expect(page.getByTestId('node-problems')).toContainText('nope');
  await expect(sql.locator('.squiggly-error')).toHaveCount(1);
  await sql.screenshot({ path: testInfo.outputPath('sql-problem.png') });
  for (let i = 0; i < 'nope, '.length; i++) await page.keyboard.press('Backspace');
  await waitValid(page);
  await expect(sql.locator('.squiggly-error')).toHaveCount(0);

  // Completion where a column fits: the input's columns with their SQL types and table.
  await page.keyboard.type('de');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest.locator('.monaco-list-row').first()).toContainText('delay');
  await expect(suggest).toContainText('destination');
  await expect(suggest.locator('.monaco-list-row.focused')).toContainText('INT · flights');
  await sql.screenshot({ path: testInfo.outputPath('sql-completion.png') });
  await page.keyboard.press('Escape');
});

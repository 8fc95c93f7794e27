// The sql node editor's completion items from what dt-sql-parser's real FlinkSQL grammar expects
// at the caret (the same call monaco-sql-languages' worker makes), for the node's input tables.
import { describe, expect, it } from 'vitest';
import { FlinkSQL } from 'dt-sql-parser';
import { sqlCompletions, type SqlTable } from '../../renderer/sql/sql-completion.ts';

const tables: SqlTable[] = [
  { name: 'flights', columns: [{ name: 'origin', type: 'STRING' }, { name: 'delay', type: 'INT' }] },
  { name: 'airports', columns: [{ name: 'code', type: 'STRING', inferred: true }] },
];
const parser = new FlinkSQL();

/** Completions with the caret at `|` in `text`. */
function at(text: string) {
  const before = text.slice(0, text.indexOf('|'));
  const query = text.replace('|', '');
  const lines = before.split('\n');
  const caret = { lineNumber: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
  const items = sqlCompletions(tables, parser.getSuggestionAtCaretPosition(query, caret) ?? null, parser.getAllEntities(query, caret) ?? null, query, before);
  return { items, labels: (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.label) };
}

describe('sql node completion', () => {
  it('offers the input tables where a table fits', () => {
    const r = at('SELECT * FROM |');
    expect(r.labels('table')).toEqual(['flights', 'airports']);
    expect(r.labels('column')).toEqual([]);
  });

  it('offers every column with its type and table, rowtime included, where a column fits', () => {
    const r = at('SELECT | FROM flights');
    expect(r.labels('column')).toEqual(['origin', 'delay', 'rowtime', 'code']);
    expect(r.items.find((i) => i.label === 'delay')?.detail).toBe('INT · flights');
    expect(r.items.find((i) => i.label === 'rowtime')?.detail).toBe('TIMESTAMP_LTZ(3) *ROWTIME* · flights');
    expect(r.items.find((i) => i.label === 'code')?.detail).toBe('STRING (inferred) · airports');
    expect(r.labels('keyword').length).toBeGreaterThan(0);
  });

  it('offers one table’s columns after its alias and a dot', () => {
    const r = at('SELECT f.| FROM flights f JOIN airports a ON f.origin = a.code');
    expect(r.labels('column')).toEqual(['origin', 'delay', 'rowtime']);
  });

  it('offers the window columns when the query calls a window TVF', () => {
    const r = at("SELECT | FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))");
    expect(r.labels('column')).toEqual(expect.arrayContaining(['window_start', 'window_end', 'window_time', 'origin']));
  });
});

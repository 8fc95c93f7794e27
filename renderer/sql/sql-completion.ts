/**
 * What the sql node's editor completes, from what dt-sql-parser's FlinkSQL grammar expects at
 * the caret (`Suggestions`: keywords, and whether a table or a column name fits there) and the
 * node's input tables (validation's schemas): table names where a table fits; where a column
 * fits, the columns with their Flink SQL types (`rowtime TIMESTAMP_LTZ(3) *ROWTIME*` on every
 * table), only those of one table after `name.` or `alias.`, and the window TVF columns
 * (`window_start`, `window_end`, `window_time`) when the query calls one.
 *
 * Pure (no Monaco): `flink-sql-language.ts` turns the items into Monaco's.
 */
import type { EntityContext, Suggestions } from 'monaco-sql-languages';

/** One input table of the node: its name (the edge's input name) and columns. */
export interface SqlTable {
  name: string;
  columns: readonly { name: string; type: string; inferred?: boolean }[];
}

/** A completion item, before Monaco. */
export interface SqlCompletion {
  label: string;
  kind: 'keyword' | 'table' | 'column';
  /** The column's SQL type and table, or the table's column count. */
  detail?: string;
  /** Sort group: columns first, then tables, then keywords. */
  sortText: string;
}

/** The time attribute every input table has (see the node's docs). */
export const ROWTIME = { name: 'rowtime', type: 'TIMESTAMP_LTZ(3) *ROWTIME*' };
const WINDOW_TVF = /\b(TUMBLE|HOP|CUMULATE|SESSION)\s*\(/i;

/** The table's columns with `rowtime` (unless the schema has it). */
function columnsOf(table: SqlTable): readonly { name: string; type: string; inferred?: boolean }[] {
  return table.columns.some((c) => c.name === ROWTIME.name) ? table.columns : [...table.columns, ROWTIME];
}

/** The table `qualifier` names: a table itself, or an alias the parser collected for one. */
function qualified(qualifier: string, tables: readonly SqlTable[], entities: readonly EntityContext[]): SqlTable | undefined {
  const q = qualifier.replace(/`/g, '').toLowerCase();
  const direct = tables.find((t) => t.name.toLowerCase() === q);
  if (direct) return direct;
  for (const e of entities) {
    const alias = (e as { _alias?: { text: string } | null })._alias?.text;
    if (alias?.replace(/`/g, '').toLowerCase() === q) return tables.find((t) => t.name.toLowerCase() === e.text.replace(/`/g, '').toLowerCase());
  }
  return undefined;
}

/**
 * The completions at the caret.
 * @param suggestions what the grammar expects there (`null`: nothing parsed, keywords only none)
 * @param entities tables and columns the parser found in the query (for aliases)
 * @param query the whole query text
 * @param before the query's text before the caret (a `name.` right before it qualifies columns)
 */
export function sqlCompletions(tables: readonly SqlTable[], suggestions: Suggestions | null, entities: readonly EntityContext[] | null, query: string, before: string): SqlCompletion[] {
  const items: SqlCompletion[] = [];
  const seen = new Set<string>();
  const add = (item: SqlCompletion): void => {
    const key = `${item.kind}:${item.label}`;
    if (!seen.has(key)) {
      seen.add(key);
      items.push(item);
    }
  };
  // The grammar also suggests a column for the bare `.`, so the qualifier is read from the text.
  const qualifier = /([A-Za-z_][A-Za-z0-9_]*|`[^`]+`)\.[A-Za-z0-9_]*$/.exec(before)?.[1];
  for (const syntax of suggestions?.syntax ?? []) {
    if (syntax.syntaxContextType === 'table') {
      for (const t of tables) add({ label: t.name, kind: 'table', detail: `table, ${columnsOf(t).length} columns`, sortText: `1${t.name}` });
    } else if (syntax.syntaxContextType === 'column') {
      const only = qualifier === undefined ? undefined : qualified(qualifier, tables, entities ?? []);
      for (const t of only ? [only] : tables) {
        for (const c of columnsOf(t)) add({ label: c.name, kind: 'column', detail: `${c.type}${c.inferred ? ' (inferred)' : ''} · ${t.name}`, sortText: `0${c.name}` });
      }
      if (!only && WINDOW_TVF.test(query)) {
        for (const name of ['window_start', 'window_end']) add({ label: name, kind: 'column', detail: 'TIMESTAMP(3) NOT NULL · window TVF', sortText: `0${name}` });
        add({ label: 'window_time', kind: 'column', detail: 'TIMESTAMP_LTZ(3) *ROWTIME* · window TVF', sortText: '0window_time' });
      }
    }
  }
  for (const k of suggestions?.keywords ?? []) add({ label: k, kind: 'keyword', sortText: `2${k}` });
  return items;
}

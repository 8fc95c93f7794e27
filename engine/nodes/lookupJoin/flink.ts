/**
 * `lookupJoin` → Flink SQL: an event-time temporal join (`JOIN table FOR SYSTEM_TIME AS OF
 * s.rowtime`) against a `filesystem` table with `PRIMARY KEY (tableKey) NOT ENFORCED` and a
 * constant version time (the epoch) as its watermarked time attribute. Flink 1.20 has no lookup
 * join on the filesystem connector, and a regular join loses the stream's time attribute (a later
 * window fails); the temporal join keeps it and, the table being bounded, joins every record
 * with the whole table, like the node form's table "loaded once at start".
 *
 * CSV: Flink's csv format reads the header line as a row, and a filter before a temporal join is
 * refused (it would corrupt the versions), so every column is read as text, the header row is
 * dropped after the join and the added columns are cast there. A table with a key on several
 * rows is refused: the temporal join keeps one version per key where the node form emits a
 * result per matching row.
 */
import { extname } from 'node:path';
import type { FlinkTranslator, FlinkContext } from '../../export/flink/translator.ts';
import type { SqlColumn } from '../../export/flink/sql-types.ts';
import type { LookupJoinConfig } from './spec.ts';

function castCsv(ctx: FlinkContext, column: string, type: SqlColumn['type']): string {
  const raw = `NULLIF(${ctx.ident('t')}.${ctx.ident(column)}, '')`;
  switch (type.kind) {
    case 'BIGINT':
      return `CAST(TRY_CAST(${raw} AS DOUBLE) AS BIGINT)`;
    case 'DOUBLE':
      return `TRY_CAST(${raw} AS DOUBLE)`;
    case 'BOOLEAN':
      return `(CASE LOWER(${raw}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)`;
    default:
      return raw;
  }
}

export const lookupJoinFlink: FlinkTranslator<LookupJoinConfig> = {
  kind: 'translate',
  translate: async (node, inputs, ctx) => {
    const config = node.config;
    const input = inputs.in?.[0] ?? ctx.refuse('input', 'not connected');
    if (input.time !== 'attribute')
      ctx.refuse('a lookup join without an event-time attribute', "Flink's filesystem connector has no lookup join, so the export uses an event-time temporal join, which needs the stream's watermarked rowtime", 'in');
    const ext = extname(config.table).toLowerCase();
    const format = config.format !== 'auto' ? config.format : ext === '.csv' || ext === '.tsv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.json' ? 'json' : undefined;
    if (format === undefined) return ctx.refuse(`table ${config.table}`, 'its format cannot be told from the extension; set `format`', 'format');
    if (format === 'json') return ctx.refuse('a JSON-array table', "Flink's json format reads one object per line; convert the table to JSON Lines", 'format');
    const path = ctx.param({ field: 'table', kind: 'path', value: ctx.resolvePath(config.table), description: `the ${format === 'csv' ? 'CSV' : 'JSON Lines'} table the join looks up` }) as string;
    let rows: Record<string, unknown>[];
    try {
      rows = await ctx.readSample(path, format, format === 'csv' ? { delimiter: ',' } : undefined);
    } catch (error) {
      return ctx.refuse(`table ${path}`, `cannot be read: ${(error as Error).message}`, 'table');
    }
    if (rows.length === 0) ctx.refuse(`table ${path}`, 'is empty', 'table');
    const header = Object.keys(rows[0] as object);
    const all = format === 'csv' ? header : [...new Set(rows.flatMap((r) => Object.keys(r)))];
    for (const k of config.tableKey) if (!all.includes(k)) ctx.refuse(`tableKey "${k}"`, `the table has no column "${k}" (columns: ${all.join(', ')})`, 'tableKey');
    // Keys as Flink reads them (text); a CSV key that looks like a number (`0E0`) is a number in
    // Tributary's reading, so its text is unknown here: such rows are left out and noted.
    const seen = new Map<string, number>();
    const numeric: unknown[] = [];
    for (const r of rows) {
      if (format === 'csv' && config.tableKey.some((c) => typeof r[c] === 'number')) {
        numeric.push(config.tableKey.map((c) => r[c]).join(', '));
        continue;
      }
      const k = config.tableKey.map((c) => String(r[c])).join('\u001f');
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    if (numeric.length > 0)
      ctx.note(
        `${numeric.length} table key(s) look like numbers (e.g. ${String(numeric[0])}); Tributary's CSV reading makes them numbers and compares their text (\`0E0\` becomes "0"), Flink compares the text as written, so a record whose key is that text matches in Flink only.`,
      );
    const repeated = [...seen].filter(([, n]) => n > 1);
    if (repeated.length > 0)
      ctx.refuse(`${repeated.length} key(s) on several table rows (e.g. "${repeated[0]?.[0].replaceAll('\u001f', ', ')}")`, "Flink's temporal join keeps one row per key, where the node form joins every matching row", 'tableKey');
    const selected = config.select ?? all;
    const typed = ctx.columnsOf(rows.map((r) => Object.fromEntries(selected.map((c) => [c, r[c] ?? null]))), `the table ${path}`);
    const tableColumns: SqlColumn[] = format === 'csv' ? header.map((name) => ({ name, type: { kind: 'STRING' } })) : ctx.columnsOf(rows, `the table ${path}`);
    const table = ctx.auxName('table');
    const version = '__version';
    ctx.table({
      name: table,
      comment: `${node.id}: lookup table ${path}, versioned once at the epoch (an event-time temporal join)`,
      columns: [...tableColumns.map((c) => `${ctx.ident(c.name)} ${ctx.sqlType(c.type)}`), `${ctx.ident(version)} AS TO_TIMESTAMP_LTZ(0, 3)`],
      constraints: [`WATERMARK FOR ${ctx.ident(version)} AS ${ctx.ident(version)}`, `PRIMARY KEY (${config.tableKey.map((k) => ctx.ident(k)).join(', ')}) NOT ENFORCED`],
      options: [['connector', 'filesystem'], ['path', path], ...(format === 'csv' ? ([['format', 'csv']] as [string, string][]) : ([['format', 'json'], ['json.ignore-parse-errors', 'true']] as [string, string][]))],
    });
    const key = ctx.key(input, config.key, 'key', 's') ?? ctx.refuse('key', 'missing', 'key');
    const left = key.kind === 'expression' ? [key.sql] : key.columns.map((c) => (c.type.kind === 'STRING' ? `${ctx.ident('s')}.${ctx.ident(c.name)}` : `CAST(${ctx.ident('s')}.${ctx.ident(c.name)} AS STRING)`));
    if (left.length !== config.tableKey.length) ctx.refuse('key', `the stream key has ${left.length} part(s), tableKey ${config.tableKey.length}`, 'key');
    const on = config.tableKey.map((k, i) => {
      const col = tableColumns.find((c) => c.name === k) as SqlColumn;
      if (col.type.kind !== 'STRING') ctx.refuse(`tableKey "${k}"`, `a ${col.type.kind} table key; Tributary compares keys as text, and Flink's temporal join needs the table's key column as it is`, 'tableKey');
      return `${left[i]} = ${ctx.ident('t')}.${ctx.ident(k)}`;
    });
    const isHeader = format === 'csv' ? `COALESCE(${header.map((h) => `${ctx.ident('t')}.${ctx.ident(h)} = ${ctx.str(h)}`).join(' AND ')}, FALSE)` : 'FALSE';
    const added = typed.map((c) => ({ name: config.prefix + c.name, type: c.type, sql: format === 'csv' ? `(CASE WHEN ${isHeader} THEN NULL ELSE ${castCsv(ctx, c.name, c.type)} END)` : `${ctx.ident('t')}.${ctx.ident(c.name)}` }));
    const kept = input.columns.filter((c) => !added.some((a) => a.name === c.name));
    const select = [...kept.map((c) => `${ctx.ident('s')}.${ctx.ident(c.name)}`), ...added.map((a) => `${a.sql} AS ${ctx.ident(a.name)}`), `${ctx.ident('s')}.${ctx.ident('rowtime')}`];
    const join = config.mode === 'inner' ? 'JOIN' : 'LEFT JOIN';
    const sql = [
      `SELECT ${select.join(',\n  ')}`,
      `FROM ${ctx.ident(input.name)} AS ${ctx.ident('s')}`,
      `${join} ${ctx.ident(table)} FOR SYSTEM_TIME AS OF ${ctx.ident('s')}.${ctx.ident('rowtime')} AS ${ctx.ident('t')}`,
      `ON ${on.join(' AND ')}`,
      ...(format === 'csv' && config.mode === 'inner' ? [`WHERE NOT ${isHeader}`] : []),
    ].join('\n');
    ctx.note(
      `the lookup join is an event-time temporal join against the table file (Flink has no lookup join on files): the table is read once, as of the epoch, and each record waits for the watermark to reach its time before it is joined${format === 'csv' ? '; the CSV header line is read as a row and dropped after the join' : ''}.`,
    );
    return { out: ctx.view(node.id, sql, { columns: [...kept, ...added.map((a) => ({ name: a.name, type: a.type }))], time: 'attribute', changelog: { kind: 'append' } }) };
  },
};

/**
 * `sql` → Flink SQL: the node's query itself, as a view over its inputs.
 *
 * - Each input table becomes a view `<node>__in_<table>` over the upstream node's view that casts
 *   every column to the type the node was validated with (the exporter types upstream fields
 *   from samples: an `INT` column would be `BIGINT` there) and keeps `rowtime`, the upstream's
 *   event-time attribute (its watermark is the upstream's, as in the engine).
 * - The query runs with a `WITH` item per table named as the table (prepended to the query's
 *   own `WITH` items), so its text is used as written: `FROM flights` reads the cast view.
 * - The node's view selects the query's columns as the node writes them — timestamps as
 *   ISO-8601 text (`DATE_FORMAT`), DECIMAL as text, integers as BIGINT — and as `rowtime` the
 *   query's time attribute column (`window_time`, or a selected `rowtime`), else a NULL plain
 *   timestamp (no window or join downstream can use it, as in Flink).
 *
 * Refused: an input without an event-time attribute, input columns of a temporal or nested type
 * (the exporter's JSON sources read them as text), nested output columns, an output column named
 * `rowtime`, and window offsets (Flink 1.20.3 loses records in them, `OFFSET_REASON`).
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { SqlType as FlinkType } from '../../export/flink/sql-types.ts';
import { compileSql, formatType, isTimeAttribute, parseSqlType, type PlanNode, type SqlType } from '../../sql/index.ts';
import { ISO_PATTERN, OFFSET_REASON } from '../common/flink-window.ts';
import type { SqlConfig } from './spec.ts';

/** Input column types the cast view can produce from the exporter's JSON columns. */
const CASTABLE = new Set(['BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'CHAR', 'VARCHAR']);

/** An output column as the node writes it: its SQL over the query's column and its exporter type. */
function outputColumn(name: string, type: SqlType, ident: (n: string) => string): { sql: string; type: FlinkType } | undefined {
  const c = ident(name);
  switch (type.kind) {
    case 'BOOLEAN':
      return { sql: c, type: { kind: 'BOOLEAN' } };
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return { sql: `CAST(${c} AS BIGINT)`, type: { kind: 'BIGINT' } };
    case 'FLOAT':
    case 'DOUBLE':
      return { sql: `CAST(${c} AS DOUBLE)`, type: { kind: 'DOUBLE' } };
    case 'CHAR':
    case 'VARCHAR':
    case 'DECIMAL':
    case 'DATE':
      return { sql: `CAST(${c} AS STRING)`, type: { kind: 'STRING' } };
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return { sql: `DATE_FORMAT(CAST(${c} AS TIMESTAMP(3)), ${ISO_PATTERN})`, type: { kind: 'STRING' } };
    default:
      return undefined;
  }
}

/** Whether any window in the plan has an offset. */
function hasOffset(node: PlanNode): boolean {
  const own = 'window' in node && node.window.offsetMs !== undefined && node.window.offsetMs !== 0;
  const children = node.kind === 'source' ? [] : node.kind === 'union' ? node.inputs : node.kind === 'intervalJoin' || node.kind === 'windowJoin' ? [node.left, node.right] : [node.input];
  return own || children.some(hasOffset);
}

/** The query with `items` (`name AS (…)`) before its own WITH items, trailing `;` removed. */
function withItems(query: string, items: readonly string[]): string {
  const body = query.trim().replace(/;\s*$/, '');
  const lead = /^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*WITH\s/i.exec(body);
  return lead ? `WITH ${items.join(',\n')},\n${body.slice(lead[0].length)}` : `WITH ${items.join(',\n')}\n${body}`;
}

export const sqlFlink: FlinkTranslator<SqlConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const schemas = node.inputSchemas ?? {};
    const items: string[] = [];
    for (const [table, streams] of Object.entries(inputs)) {
      const stream = streams[0] ?? ctx.refuse(`input ${table}`, 'not connected');
      if (stream.time !== 'attribute') ctx.refuse(`input ${table}`, `its rowtime is not an event-time attribute in Flink (${stream.time}), which the query's rowtime is`, `input ${table}`);
      const columns = schemas[table] ?? ctx.refuse(`input ${table}`, 'has no schema');
      const casts = columns.map((c) => {
        const parsed = parseSqlType(c.type);
        const type = parsed.ok && CASTABLE.has(parsed.type.kind) ? parsed.type : ctx.refuse(`column ${c.name} of input ${table} (${c.type})`, 'only numeric, boolean and string input columns can be read from the exported JSON sources', `input ${table}`);
        return `CAST(${ctx.ident(c.name)} AS ${formatType({ ...type, nullable: true } as SqlType)}) AS ${ctx.ident(c.name)}`;
      });
      const view = ctx.auxName(`in_${table}`);
      ctx.view(view, `SELECT ${[...casts, ctx.ident('rowtime')].join(', ')}\nFROM ${ctx.ident(stream.name)}`, { columns: stream.columns, time: stream.time, changelog: stream.changelog });
      items.push(`${ctx.ident(table)} AS (SELECT * FROM ${ctx.ident(view)})`);
    }
    const compiled = compileSql(node.config.query, Object.fromEntries(Object.entries(schemas).map(([t, columns]) => [t, { columns }])));
    if (!compiled.ok) return ctx.refuse('query', compiled.problems.map((p) => `${p.line}:${p.column} ${p.construct}: ${p.message}`).join('; '), 'query');
    if (hasOffset(compiled.plan.root)) ctx.refuse('a window offset', OFFSET_REASON, 'query');
    const query = ctx.auxName('query');
    ctx.view(query, withItems(node.config.query, items), { columns: [], time: 'plain', changelog: { kind: 'append' } });
    const select: string[] = [];
    const columns: { name: string; type: FlinkType }[] = [];
    let rowtime: string | undefined;
    for (const c of compiled.plan.output) {
      if (c.name === 'rowtime') {
        if (isTimeAttribute(c.type)) rowtime = ctx.ident('rowtime');
        else ctx.refuse('an output column named rowtime', "Flink views of the export carry the event time as rowtime; rename the column (… AS ts)", 'query');
        continue;
      }
      const out = outputColumn(c.name, c.type, (n) => ctx.ident(n)) ?? ctx.refuse(`output column ${c.name} (${formatType(c.type)})`, 'nested and interval values are not written by the export', 'query');
      select.push(`${out.sql} AS ${ctx.ident(c.name)}`);
      columns.push({ name: c.name, type: out.type });
      if (rowtime === undefined && isTimeAttribute(c.type)) rowtime = ctx.ident(c.name);
    }
    select.push(`${rowtime ?? 'CAST(NULL AS TIMESTAMP_LTZ(3))'} AS ${ctx.ident('rowtime')}`);
    const sql = `SELECT ${select.join(',\n  ')}\nFROM ${ctx.ident(query)}`;
    return { out: ctx.view(node.id, sql, { columns, time: rowtime === undefined ? 'plain' : 'attribute', changelog: { kind: 'append' } }) };
  },
};

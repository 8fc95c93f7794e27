/**
 * File-backed sources in Flink SQL (`fileSource`, and `values`/`generator` whose records the
 * export writes into a file): a `filesystem` table `<id>__source` with the typed columns, the
 * `rowtime` column and its watermark, and the node's view `<id>` that keeps only rows whose
 * time could be read (the others go to Tributary's `errors`; Flink would fail the job on a NULL
 * `rowtime`).
 *
 * JSON lines are read with `'json.ignore-parse-errors' = 'true'`: a line that is not JSON is
 * skipped and a field that does not fit its column becomes NULL (Tributary sends such lines to
 * `errors`). CSV has no header option in Flink: the table reads the header line as a row, which
 * the view drops (its string fields equal their column names, its other fields do not parse).
 */
import type { TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import type { SqlColumn } from '../../export/flink/sql-types.ts';
import type { FlinkContext, FlinkStream } from '../../export/flink/translator.ts';

export interface FileTable {
  path: string;
  format: 'jsonl' | 'csv';
  delimiter?: string;
  columns: readonly SqlColumn[];
  time: TimeSpec;
  watermarks: WatermarkSpec;
  /** What the README says the table reads. */
  comment: string;
}

/** Registers the source table and the node's view. @returns the node's stream. */
export function fileSourceStream(ctx: FlinkContext, table: FileTable): FlinkStream {
  const time = ctx.sourceTime(table.time, table.watermarks, table.columns, 'time');
  for (const c of table.columns)
    if (table.format === 'csv' && (c.type.kind === 'ROW' || c.type.kind === 'ARRAY'))
      ctx.refuse(`CSV column "${c.name}" holding JSON`, "Flink's csv format reads flat values, not JSON objects or arrays", 'csv.columns');
  const formatOptions: [string, string][] =
    table.format === 'jsonl'
      ? [['format', 'json'], ['json.ignore-parse-errors', 'true']]
      : [['format', 'csv'], ['csv.field-delimiter', table.delimiter ?? ','], ['csv.ignore-parse-errors', 'true']];
  const source = ctx.auxName('source');
  ctx.table({
    name: source,
    comment: table.comment,
    columns: [...table.columns.map((c) => `${ctx.ident(c.name)} ${ctx.sqlType(c.type)}`), ...time.columns],
    constraints: time.watermark ? [time.watermark] : [],
    options: [['connector', 'filesystem'], ['path', table.path], ...formatOptions, ...time.options],
  });
  const conditions: string[] = [];
  if (time.valid) conditions.push(time.valid);
  if (table.format === 'csv') conditions.push(`NOT (${headerRow(ctx, table.columns)})`);
  const list = table.columns.map((c) => (table.format === 'csv' && c.type.kind === 'STRING' ? `NULLIF(${ctx.ident(c.name)}, '') AS ${ctx.ident(c.name)}` : ctx.ident(c.name)));
  const sql = `SELECT ${[...list, ctx.ident('rowtime')].join(', ')}\nFROM ${ctx.ident(source)}${conditions.length > 0 ? `\nWHERE ${conditions.join('\n  AND ')}` : ''}`;
  return ctx.view(ctx.nodeId, sql, { columns: table.columns, time: time.time, changelog: { kind: 'append' } });
}

/** The CSV header line read as a row: string columns hold their names, the others did not parse. */
function headerRow(ctx: FlinkContext, columns: readonly SqlColumn[]): string {
  return columns.map((c) => (c.type.kind === 'STRING' ? `COALESCE(${ctx.ident(c.name)} = ${ctx.str(c.name)}, FALSE)` : `${ctx.ident(c.name)} IS NULL`)).join(' AND ') || 'FALSE';
}

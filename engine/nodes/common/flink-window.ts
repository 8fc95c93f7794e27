/**
 * Window nodes as Flink SQL window TVF aggregations (shared by tumbling, sliding and session
 * windows): `GROUP BY key, window_start, window_end` over `TUMBLE`/`HOP`/`SESSION`, with the
 * built-in aggregates mapped to Flink's and cast so the result is the node form's (`avg` of
 * integers is a double, `sum` of nothing 0). `window_start`/`window_end` are written as the node
 * form writes them (`2001-01-01T00:00:00.000Z`, via `DATE_FORMAT`), and `window_time` (end − 1,
 * the node form's result timestamp) becomes the output's `rowtime`, a time attribute.
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import type { KeySpec } from '../../pipeline/config-schemas.ts';
import type { FlinkContext, FlinkOutputs, FlinkStream } from '../../export/flink/translator.ts';
import type { SqlColumn, SqlType } from '../../export/flink/sql-types.ts';

/** `DATE_FORMAT` pattern giving `Date#toISOString()` text of a UTC TIMESTAMP(3). */
export const ISO_PATTERN = "'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''";

/** Why window offsets are refused (measured against Flink 1.20.3, see test/flink/). */
export const OFFSET_REASON =
  "Flink 1.20.3 loses records in window TVFs with an offset: measured here, TUMBLE(…, INTERVAL '15' SECOND, INTERVAL '4' SECOND) over 400 in-order records counted 175, in every other window only; the export refuses offsets";

export interface WindowConfig {
  key?: KeySpec;
  allowedLateness: number;
  aggregates: readonly AggregateSpec[];
}

/** The window TVF call over a source expression, e.g. `TUMBLE(TABLE src, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)`. */
export type WindowCall = (table: string, partitionBy: readonly string[]) => string;

const BIGINT: SqlType = { kind: 'BIGINT' };
const DOUBLE: SqlType = { kind: 'DOUBLE' };
const KEY_COLUMN = '__key';

/** Columns a window TVF adds: an input field of the same name is renamed on the way in. */
const WINDOW_COLUMNS = ['window_start', 'window_end', 'window_time'];
const renamed = (name: string): string => (WINDOW_COLUMNS.includes(name) ? `__in_${name}` : name);

function aggregate(a: AggregateSpec, input: FlinkStream, kind: 'tumbling' | 'sliding' | 'session', ctx: FlinkContext, index: number): SqlColumn & { sql: string } {
  const field = `aggregates[${index}]`;
  if (a.fn === 'count' && a.field === undefined) return { name: a.name, type: BIGINT, sql: 'COUNT(*)' };
  if (a.fn === 'custom')
    return ctx.refuse(`custom aggregate "${a.name}"`, "user code (create/add/merge/result) has no Flink SQL counterpart; it would need a Java AggregateFunction UDF in the job's jar", field);
  const col = input.columns.find((c) => c.name === a.field) ?? ctx.refuse(`${a.fn}(${a.field ?? ''})`, `the input has no field "${a.field}" (fields: ${input.columns.map((c) => c.name).join(', ')})`, field);
  const x = ctx.ident(renamed(col.name));
  const numeric = col.type.kind === 'BIGINT' || col.type.kind === 'DOUBLE';
  switch (a.fn) {
    case 'sum':
      if (!numeric && col.type.kind !== 'STRING') return ctx.refuse(`sum(${col.name})`, `sums numbers; the field is a ${col.type.kind}`, field);
      // As SQL's SUM: NULL without a (non-null) value; numbers in strings count.
      return numeric ? { name: a.name, type: col.type, sql: `SUM(${x})` } : { name: a.name, type: DOUBLE, sql: `SUM(TRY_CAST(${x} AS DOUBLE))` };
    case 'count':
      return { name: a.name, type: BIGINT, sql: `COUNT(${x})` };
    case 'avg':
      if (!numeric && col.type.kind !== 'STRING') return ctx.refuse(`avg(${col.name})`, `averages numbers; the field is a ${col.type.kind}`, field);
      // Flink's AVG of an integer column is an integer; the node form's is the exact mean.
      return { name: a.name, type: DOUBLE, sql: `AVG(${numeric ? `CAST(${x} AS DOUBLE)` : `TRY_CAST(${x} AS DOUBLE)`})` };
    case 'min':
    case 'max':
      if (!numeric && col.type.kind !== 'STRING') return ctx.refuse(`${a.fn}(${col.name})`, `compares numbers or strings; the field is a ${col.type.kind}`, field);
      return { name: a.name, type: col.type, sql: `${a.fn.toUpperCase()}(${x})` };
    case 'first':
    case 'last':
      if (kind !== 'tumbling')
        return ctx.refuse(`${a.fn}(${col.name}) in a ${kind} window`, `Flink's FIRST_VALUE/LAST_VALUE cannot merge partial results, which ${kind === 'sliding' ? 'HOP windows (shared slices)' : 'session windows (merging sessions)'} need: Flink 1.20 refuses the query ("Could not find an implementation method 'merge' in FirstValueAggFunction")`, field);
      return { name: a.name, type: col.type, sql: `${a.fn === 'first' ? 'FIRST_VALUE' : 'LAST_VALUE'}(${x})` };
    case 'countDistinct':
      return { name: a.name, type: BIGINT, sql: `COUNT(DISTINCT ${x})` };
  }
}

/**
 * Translates a window node over its one input.
 * @param call builds the TVF over the (keyed) input and the columns a session partitions by.
 */
export function translateWindow(config: WindowConfig, input: FlinkStream, kind: 'tumbling' | 'sliding' | 'session', call: WindowCall, ctx: FlinkContext): FlinkOutputs {
  if (input.time === 'plain')
    ctx.refuse(`a ${kind} window after a join that loses the time attribute`, "Flink SQL windows need a time attribute; after an interval join Flink keeps each input's rowtime, not the larger of the two that Tributary's join result carries", 'in');
  if (input.time === 'processing')
    ctx.refuse(`a ${kind} window on processing time`, 'Flink fires a processing-time window only when the wall clock reaches its end, so at the end of a bounded input its pending windows are dropped where Tributary fires them (measured: 4 rows against none)', 'in');
  if (input.changelog.kind !== 'append') ctx.refuse(`a ${kind} window over an updating stream`, 'window TVFs take append-only input', 'in');
  if (config.allowedLateness > 0)
    ctx.warn(
      `allowedLateness ${config.allowedLateness} ms`,
      "Flink SQL window TVFs have no allowed lateness: a record behind the watermark is dropped, where Tributary re-fires the window with an updated row. Results differ only when records arrive later than the watermark bound.",
      'allowedLateness',
    );
  const key = ctx.key(input, config.key, 'key');
  let source = input;
  let keyColumns: SqlColumn[] = [];
  let groupBy: string[] = [];
  let keySelect: string[] = [];
  const clash = input.columns.some((c) => WINDOW_COLUMNS.includes(c.name));
  if (key?.kind === 'expression' || clash) {
    // The TVF's input: fields named like the window columns renamed, the expression key computed.
    const list = input.columns.map((c) => (renamed(c.name) === c.name ? ctx.ident(c.name) : `${ctx.ident(c.name)} AS ${ctx.ident(renamed(c.name))}`));
    const columns = input.columns.map((c) => ({ ...c, name: renamed(c.name) }));
    if (key?.kind === 'expression') {
      list.push(`${key.sql} AS ${ctx.ident(KEY_COLUMN)}`);
      columns.push({ name: KEY_COLUMN, type: { kind: 'STRING' } });
    }
    source = ctx.view(ctx.auxName('input'), `SELECT ${[...list, ctx.ident('rowtime')].join(', ')}\nFROM ${ctx.ident(input.name)}`, { ...input, columns });
  }
  if (key?.kind === 'fields') {
    for (const f of key.fields) if (WINDOW_COLUMNS.includes(f)) ctx.refuse(`key field "${f}"`, 'the window result has its own field of that name', 'key');
    keyColumns = [...key.columns];
    groupBy = key.fields.map((f) => ctx.ident(f));
    keySelect = groupBy;
  } else if (key?.kind === 'expression') {
    keyColumns = [{ name: 'key', type: { kind: 'STRING' } }];
    groupBy = [ctx.ident(KEY_COLUMN)];
    keySelect = [`${ctx.ident(KEY_COLUMN)} AS ${ctx.ident('key')}`];
  }
  const aggregates = config.aggregates.map((a, i) => aggregate(a, input, kind, ctx, i));
  const names = new Set<string>([...keyColumns.map((c) => c.name), 'window_start', 'window_end']);
  for (const a of aggregates) {
    if (names.has(a.name)) ctx.refuse(`aggregate "${a.name}"`, 'its name repeats a key field or window bound of the result row', 'aggregates');
    names.add(a.name);
  }
  const select = [
    ...keySelect,
    `DATE_FORMAT(window_start, ${ISO_PATTERN}) AS ${ctx.ident('window_start')}`,
    `DATE_FORMAT(window_end, ${ISO_PATTERN}) AS ${ctx.ident('window_end')}`,
    ...aggregates.map((a) => `${a.sql} AS ${ctx.ident(a.name)}`),
    `window_time AS ${ctx.ident('rowtime')}`,
  ];
  const sql = `SELECT ${select.join(',\n  ')}\nFROM TABLE(${call(ctx.ident(source.name), groupBy)})\nGROUP BY ${[...groupBy, 'window_start', 'window_end', 'window_time'].join(', ')}`;
  const columns: SqlColumn[] = [...keyColumns, { name: 'window_start', type: { kind: 'STRING' } }, { name: 'window_end', type: { kind: 'STRING' } }, ...aggregates.map((a) => ({ name: a.name, type: a.type }))];
  return { out: ctx.view(ctx.nodeId, sql, { columns, time: input.time, changelog: { kind: 'append' } }) };
}

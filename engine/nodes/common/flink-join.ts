/**
 * Pieces the joins' Flink SQL translators share: the ON condition of two keys (Tributary
 * compares keys as strings, so an integer key meets a string key through `CAST … AS STRING`),
 * and the joined record — the node's code `(left, right) => record`, or `{ ...left, ...right }`
 * with the right side winning a name clash.
 */
import type { FlinkContext, FlinkStream, ResolvedKey, SqlField } from '../../export/flink/translator.ts';
import type { SqlColumn } from '../../export/flink/sql-types.ts';

/** `alias`.`column` */
export function qualified(ctx: FlinkContext, alias: string, column: string): string {
  return `${ctx.ident(alias)}.${ctx.ident(column)}`;
}

function asText(ctx: FlinkContext, sql: string, column: SqlColumn, field: string): string {
  if (column.type.kind === 'STRING') return sql;
  if (column.type.kind === 'BIGINT' || column.type.kind === 'BOOLEAN') return `CAST(${sql} AS STRING)`;
  return ctx.refuse(`key field "${column.name}"`, `a ${column.type.kind} key compares as text in Tributary, which Flink SQL spells differently`, field);
}

/** The parts of a resolved key, each as SQL (qualified by `alias`) and, for fields, its column. */
function parts(ctx: FlinkContext, key: ResolvedKey, alias: string): { sql: string; column?: SqlColumn }[] {
  if (key.kind === 'expression') return [{ sql: key.sql }];
  return key.columns.map((c) => ({ sql: qualified(ctx, alias, c.name), column: c }));
}

/**
 * `l.k = r.k AND …` for two keys. @throws (refuses) when their lengths differ or a pair cannot
 * be compared as Tributary compares it.
 */
export function keyCondition(ctx: FlinkContext, left: ResolvedKey, right: ResolvedKey, aliases: readonly [string, string], fields: readonly [string, string]): string {
  const l = parts(ctx, left, aliases[0]);
  const r = parts(ctx, right, aliases[1]);
  if (l.length !== r.length) ctx.refuse('keys', `the left key has ${l.length} part(s) and the right key ${r.length}; they never match`, fields[0]);
  return l
    .map((a, i) => {
      const b = r[i] as { sql: string; column?: SqlColumn };
      if (a.column && b.column && a.column.type.kind === b.column.type.kind) return `${a.sql} = ${b.sql}`;
      const as = a.column ? asText(ctx, a.sql, a.column, fields[0]) : a.sql;
      const bs = b.column ? asText(ctx, b.sql, b.column, fields[1]) : b.sql;
      return `${as} = ${bs}`;
    })
    .join(' AND ');
}

/** The joined record's fields: the code's record, or `{ ...left, ...right }`. */
export function joinedFields(ctx: FlinkContext, code: string | undefined, left: FlinkStream, right: FlinkStream, aliases: readonly [string, string]): SqlField[] {
  const params = { left: { alias: aliases[0], columns: left.columns }, right: { alias: aliases[1], columns: right.columns } };
  const fields = ctx.code.record(code?.trim() ? code : '({ ...left, ...right })', params);
  if (fields.some((f) => f.name === 'rowtime')) ctx.refuse('field "rowtime"', 'the export keeps the time attribute in the column `rowtime`; name the field otherwise', 'code');
  return fields;
}

/** Both inputs need event time (or both processing time) for a time-bounded join. */
export function requireTimes(ctx: FlinkContext, left: FlinkStream, right: FlinkStream, what: string): void {
  for (const [side, s] of [['left', left], ['right', right]] as const) {
    if (s.time === 'plain')
      ctx.refuse(`${what} after a join that loses the time attribute`, `Flink SQL's ${what} needs a time attribute on both inputs; the ${side} input has a plain timestamp`, side);
    if (s.changelog.kind !== 'append') ctx.refuse(`${what} of an updating stream`, `the ${side} input is updating; time-bounded joins take append-only input`, side);
  }
  if (left.time === 'processing' || right.time === 'processing')
    ctx.refuse(`${what} on processing time`, 'which records meet depends on when they arrive on each engine; the export translates joins on event time only', left.time === 'processing' ? 'left' : 'right');
}

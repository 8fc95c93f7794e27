/**
 * Parses a type string as sources declare them (`schema: { field: "DECIMAL(10,2)" }`) with the
 * same Flink grammar the queries use (dt-sql-parser's `columnType` rule), so `"BIGINT"`,
 * `"ARRAY<STRING>"`, `"ROW<a INT, b STRING>"` and `"TIMESTAMP(3) WITH LOCAL TIME ZONE"` mean
 * what they mean in a Flink DDL. A trailing `NOT NULL` makes the top-level type non-nullable.
 */
import { FlinkSQL } from 'dt-sql-parser';
import type { Token } from 'antlr4ng';
import { FlinkSqlLexer as L } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import { typeFromContext } from '../parse/type-ast.ts';
import { withNullable, type SqlType } from './sql-type.ts';

const flink = new FlinkSQL();

/** A parsed type or why it is not one. */
export type ParseTypeResult = { ok: true; type: SqlType } | { ok: false; message: string };

/**
 * Parses `text` as a Flink SQL type. Nested types are nullable (the grammar has no nested
 * NOT NULL); `"STRING NOT NULL"` is a non-nullable STRING.
 */
export function parseSqlType(text: string): ParseTypeResult {
  let body = text.trim();
  let nullable = true;
  const nn = /\s+NOT\s+NULL$/i.exec(body);
  if (nn !== null) {
    nullable = false;
    body = body.slice(0, nn.index);
  } else if (/\s+NULL$/i.test(body)) {
    body = body.replace(/\s+NULL$/i, '');
  }
  if (body === '') return { ok: false, message: 'Empty type.' };
  const errors: string[] = [];
  const parser = flink.createParser(body, (e) => errors.push(`${e.startColumn}: ${e.message}`));
  const ctx = parser.columnType();
  const next = (parser.tokenStream as unknown as { LT(k: number): Token | null }).LT(1);
  if (errors.length > 0 || (next !== null && next.type !== L.EOF)) {
    return { ok: false, message: `'${text}' is not a SQL type${errors.length > 0 ? ` (${errors[0]})` : ''}.` };
  }
  const r = typeFromContext(ctx);
  if (!r.ok) return { ok: false, message: `'${text}': ${r.message}` };
  return { ok: true, type: withNullable(r.type, nullable) };
}

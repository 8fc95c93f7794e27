/**
 * SQL type syntax (`columnType` in the grammar) to `SqlType`, with Flink's defaults: `DECIMAL`
 * is DECIMAL(10, 0), `VARCHAR`/`CHAR`/`BINARY`/`VARBINARY` have length 1, `TIMESTAMP` and
 * `TIMESTAMP_LTZ` precision 6, `TIME` precision 0; `STRING` is VARCHAR(2147483647), `BYTES`
 * VARBINARY(2147483647), `INTEGER` is INT, `DEC`/`NUMERIC` are DECIMAL,
 * `TIMESTAMP(p) WITH LOCAL TIME ZONE` is TIMESTAMP_LTZ(p). Types Flink has but we do not
 * (MULTISET, RAW, TIMESTAMP WITH TIME ZONE) are refused by name.
 */
import type { ColumnTypeContext } from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import { FlinkSqlLexer as L } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import { MAX_DECIMAL_PRECISION, MAX_LENGTH, T, type SqlRowField, type SqlType } from '../types/sql-type.ts';
import { identifierName } from './literals.ts';

/** A type, or why it cannot be used. */
export type TypeResult = { ok: true; type: SqlType } | { ok: false; message: string };

function num(text: string | undefined, dflt: number): number {
  return text === undefined ? dflt : Number(text);
}

/** Converts a `columnType` parse tree; every type is nullable (NOT NULL only at the top level of a schema). */
export function typeFromContext(ctx: ColumnTypeContext): TypeResult {
  const tok = ctx._colType;
  if (tok === null || tok === undefined) return { ok: false, message: `Unknown type ${ctx.getText()}.` };
  const one = ctx.lengthOneDimension()?.decimalLiteral().getText();
  const two = ctx.lengthTwoOptionalDimension();
  switch (tok.type) {
    case L.KW_BOOLEAN:
      return { ok: true, type: T.boolean() };
    case L.KW_DATE:
      return { ok: true, type: T.date() };
    case L.KW_TINYINT:
      return { ok: true, type: T.tinyint() };
    case L.KW_SMALLINT:
      return { ok: true, type: T.smallint() };
    case L.KW_INT:
    case L.KW_INTEGER:
      return { ok: true, type: T.int() };
    case L.KW_BIGINT:
      return { ok: true, type: T.bigint() };
    case L.KW_FLOAT:
      return { ok: true, type: T.float() };
    case L.KW_DOUBLE:
      return { ok: true, type: T.double() };
    case L.KW_STRING:
      return { ok: true, type: T.string() };
    case L.KW_BYTES:
      return { ok: true, type: T.bytes() };
    case L.KW_CHAR:
    case L.KW_VARCHAR:
    case L.KW_BINARY:
    case L.KW_VARBINARY: {
      const length = num(one, 1);
      if (length < 1 || length > MAX_LENGTH) return { ok: false, message: `Length must be between 1 and ${MAX_LENGTH} (inclusive).` };
      const kind = tok.type === L.KW_CHAR ? 'CHAR' : tok.type === L.KW_VARCHAR ? 'VARCHAR' : tok.type === L.KW_BINARY ? 'BINARY' : 'VARBINARY';
      return { ok: true, type: { kind, length, nullable: true } as SqlType };
    }
    case L.KW_DECIMAL:
    case L.KW_DEC:
    case L.KW_NUMERIC: {
      const p = num(two?.decimalLiteral(0)?.getText(), 10);
      const s = num(two?.decimalLiteral(1)?.getText(), 0);
      if (p < 1 || p > MAX_DECIMAL_PRECISION) return { ok: false, message: `Decimal precision must be between 1 and ${MAX_DECIMAL_PRECISION} (both inclusive).` };
      if (s < 0 || s > p) return { ok: false, message: `Decimal scale must be between 0 and the precision ${p} (both inclusive).` };
      return { ok: true, type: T.decimal(p, s) };
    }
    case L.KW_TIME: {
      const p = num(one, 0);
      if (p < 0 || p > 9) return { ok: false, message: 'Time precision must be between 0 and 9 (both inclusive).' };
      return { ok: true, type: T.time(p) };
    }
    case L.KW_TIMESTAMP:
    case L.KW_TIMESTAMP_LTZ: {
      const p = num(one, 6);
      if (p < 0 || p > 9) return { ok: false, message: 'Timestamp precision must be between 0 and 9 (both inclusive).' };
      if (tok.type === L.KW_TIMESTAMP_LTZ) return { ok: true, type: T.timestampLtz(p) };
      if (ctx.KW_WITH() !== null && ctx.KW_LOCAL() === null) {
        return { ok: false, message: 'TIMESTAMP WITH TIME ZONE is not supported by Flink; use TIMESTAMP_LTZ (TIMESTAMP WITH LOCAL TIME ZONE).' };
      }
      return { ok: true, type: ctx.KW_LOCAL() !== null ? T.timestampLtz(p) : T.timestamp(p) };
    }
    case L.KW_ARRAY: {
      const el = ctx.lengthOneTypeDimension()?.columnType();
      if (el === undefined || el === null) return { ok: false, message: 'ARRAY needs an element type: ARRAY<INT>.' };
      const r = typeFromContext(el);
      return r.ok ? { ok: true, type: T.array(r.type) } : r;
    }
    case L.KW_MAP: {
      const dims = ctx.mapTypeDimension();
      const k = dims?.columnType(0);
      const v = dims?.columnType(1);
      if (k === null || k === undefined || v === null || v === undefined) return { ok: false, message: 'MAP needs key and value types: MAP<STRING, INT>.' };
      const kr = typeFromContext(k);
      if (!kr.ok) return kr;
      const vr = typeFromContext(v);
      return vr.ok ? { ok: true, type: T.map(kr.type, vr.type) } : vr;
    }
    case L.KW_ROW: {
      const dims = ctx.rowTypeDimension();
      if (dims === null) return { ok: false, message: 'ROW needs fields: ROW<a INT, b STRING>.' };
      const fields: SqlRowField[] = [];
      for (let i = 0; i < dims.columnType().length; i++) {
        const n = identifierName(dims.columnName(i)!.getText());
        if (!n.ok) return n;
        const r = typeFromContext(dims.columnType(i)!);
        if (!r.ok) return r;
        fields.push({ name: n.name, type: r.type });
      }
      return { ok: true, type: T.row(fields) };
    }
    default:
      return { ok: false, message: `Type ${tok.text?.toUpperCase()} is not supported by the sql node.` };
  }
}

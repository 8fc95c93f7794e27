/**
 * The `schema` a source may declare — the columns of its records and their Flink SQL types — and
 * how a source's config becomes a schema for sql nodes downstream (`capabilities.declaredSchema`).
 * Types stay strings here (the sql node parses and checks them); CSV column types map to SQL
 * types as Flink's CSV format would read them: `string` → STRING, `number` → DOUBLE, `integer` →
 * BIGINT, `boolean` → BOOLEAN, `json` → STRING (the JSON text).
 */
import { z } from 'zod';
import type { ColumnType } from '../../pipeline/config-schemas.ts';
import type { DeclaredSchema, SchemaColumn } from '../../pipeline/node-spec.ts';

/** A source's declared schema: column → Flink SQL type, in column order. */
export const SchemaDeclaration = z
  .record(z.string().min(1).max(256), z.string().min(1).max(1000))
  .describe('columns and their Flink SQL types for sql nodes downstream, in order, e.g. { "origin": "STRING", "delay": "INT", "dist": "DECIMAL(10, 2)" }');

const CSV_SQL: Record<ColumnType, string> = { string: 'STRING', number: 'DOUBLE', integer: 'BIGINT', boolean: 'BOOLEAN', json: 'STRING' };

/** `{ name: type }` as columns. */
export function columnsOf(schema: Readonly<Record<string, string>>): SchemaColumn[] {
  return Object.entries(schema).map(([name, type]) => ({ name, type }));
}

/** The declared `schema` field of a config, if any. */
export function schemaField(config: Record<string, unknown>): DeclaredSchema | undefined {
  const schema = config.schema as Record<string, string> | undefined;
  return schema === undefined ? undefined : { field: 'schema', columns: columnsOf(schema) };
}

/** CSV column types (`{ name: 'integer' }` or names with optional types) as SQL columns. */
export function csvColumns(names: readonly string[], types: Readonly<Record<string, ColumnType>>): SchemaColumn[] {
  return names.map((name) => ({ name, type: CSV_SQL[types[name] ?? 'string'] }));
}

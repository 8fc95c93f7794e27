/**
 * The declared schema of a Parquet or Avro file: its columns with the Flink SQL type Flink's
 * Parquet and Avro formats give them, and the TypeScript type of the value as our reader
 * produces it (`values.ts`, `avro-decode.ts`), for the editor's `Input` type and the inspector.
 *
 * Flink's mappings (flink-parquet `ParquetSchemaConverter`, flink-avro `AvroSchemaConverter`):
 * BOOLEAN → BOOLEAN; INT32 → INT (INT_8 → TINYINT, INT_16 → SMALLINT, DATE → DATE, TIME_MILLIS →
 * TIME(3)); INT64 → BIGINT; TIMESTAMP_MILLIS/MICROS/NANOS → TIMESTAMP(3)/(6)/(9) (LTZ when
 * adjusted to UTC in the logical type); INT96 → TIMESTAMP(9); FLOAT → FLOAT; DOUBLE → DOUBLE;
 * DECIMAL(p,s) → DECIMAL(p,s); annotated BYTE_ARRAY (STRING, ENUM, JSON) → STRING, other binary →
 * BYTES; LIST → ARRAY, MAP → MAP, groups → ROW. Avro: int → INT, long → BIGINT, float, double,
 * string → STRING, enum → STRING, bytes → BYTES, fixed → BINARY(n), array → ARRAY, map →
 * MAP<STRING, …>, record → ROW, [null, T] → T nullable, logical types as above.
 */
import type { SchemaTree } from 'hyparquet';

/** One column of a file's schema. */
export interface FileColumn {
  name: string;
  /** Flink SQL type, e.g. `BIGINT`, `TIMESTAMP(3)`, `DECIMAL(9, 2)`, `ARRAY<STRING>`. */
  sqlType: string;
  /** TypeScript type of the value as replayed, e.g. `number`, `string[]`, `{ x: number }`. */
  tsType: string;
  nullable: boolean;
}

interface Typed {
  sql: string;
  ts: string;
  nullable: boolean;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const tsField = (name: string, t: Typed): string => `${IDENT.test(name) ? name : JSON.stringify(name)}: ${t.ts}${t.nullable ? ' | null' : ''}`;
const sqlField = (name: string, t: Typed): string => `\`${name.replaceAll('`', '``')}\` ${t.sql}${t.nullable ? '' : ' NOT NULL'}`;

function row(fields: readonly { name: string; type: Typed }[]): { sql: string; ts: string } {
  return { sql: `ROW<${fields.map((f) => sqlField(f.name, f.type)).join(', ')}>`, ts: `{ ${fields.map((f) => tsField(f.name, f.type)).join('; ')} }` };
}

function parquetLeaf(node: SchemaTree): { sql: string; ts: string } {
  const e = node.element;
  const lt = e.logical_type;
  const ct = e.converted_type;
  if (lt?.type === 'DECIMAL' || ct === 'DECIMAL') {
    const p = lt?.type === 'DECIMAL' ? lt.precision : (e.precision ?? 38);
    const s = lt?.type === 'DECIMAL' ? lt.scale : (e.scale ?? 0);
    return { sql: `DECIMAL(${p}, ${s})`, ts: 'number' };
  }
  if (lt?.type === 'TIMESTAMP') {
    const precision = lt.unit === 'MILLIS' ? 3 : lt.unit === 'MICROS' ? 6 : 9;
    return { sql: lt.isAdjustedToUTC ? `TIMESTAMP_LTZ(${precision})` : `TIMESTAMP(${precision})`, ts: 'number' };
  }
  if (ct === 'TIMESTAMP_MILLIS') return { sql: 'TIMESTAMP(3)', ts: 'number' };
  if (ct === 'TIMESTAMP_MICROS') return { sql: 'TIMESTAMP(6)', ts: 'number' };
  if (lt?.type === 'DATE' || ct === 'DATE') return { sql: 'DATE', ts: 'string' };
  if (lt?.type === 'TIME' || ct === 'TIME_MILLIS' || ct === 'TIME_MICROS') return { sql: 'TIME(3)', ts: 'number' };
  if (lt?.type === 'STRING' || lt?.type === 'ENUM' || lt?.type === 'JSON' || lt?.type === 'UUID' || ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON')
    return { sql: 'STRING', ts: lt?.type === 'JSON' || ct === 'JSON' ? 'unknown' : 'string' };
  const bits = lt?.type === 'INTEGER' ? lt.bitWidth : ct === 'INT_8' || ct === 'UINT_8' ? 8 : ct === 'INT_16' || ct === 'UINT_16' ? 16 : undefined;
  switch (e.type) {
    case 'BOOLEAN':
      return { sql: 'BOOLEAN', ts: 'boolean' };
    case 'INT32':
      return { sql: bits === 8 ? 'TINYINT' : bits === 16 ? 'SMALLINT' : 'INT', ts: 'number' };
    case 'INT64':
      return { sql: 'BIGINT', ts: 'number | string' };
    case 'INT96':
      return { sql: 'TIMESTAMP(9)', ts: 'number' };
    case 'FLOAT':
      return { sql: 'FLOAT', ts: 'number' };
    case 'DOUBLE':
      return { sql: 'DOUBLE', ts: 'number' };
    case 'FIXED_LEN_BYTE_ARRAY':
      return { sql: `BINARY(${e.type_length ?? 1})`, ts: 'string' };
    default:
      return { sql: 'BYTES', ts: 'string' };
  }
}

function parquetNode(node: SchemaTree): Typed {
  const e = node.element;
  const nullable = e.repetition_type !== 'REQUIRED';
  const annotation = e.logical_type?.type ?? e.converted_type;
  if (e.repetition_type === 'REPEATED') {
    // A bare repeated field (legacy lists): an array of it.
    const item = parquetNode({ ...node, element: { ...e, repetition_type: 'REQUIRED' } });
    return { sql: `ARRAY<${item.sql}>`, ts: `(${item.ts})[]`, nullable: false };
  }
  if (node.children.length === 0) return { ...parquetLeaf(node), nullable };
  if (annotation === 'LIST') {
    // LIST: group (LIST) { repeated group list { element } }, or the legacy two-level form.
    const repeated = node.children[0] as SchemaTree;
    const item = repeated.children.length === 1 ? parquetNode(repeated.children[0] as SchemaTree) : parquetNode({ ...repeated, element: { ...repeated.element, repetition_type: 'OPTIONAL' } });
    return { sql: `ARRAY<${item.sql}${item.nullable ? '' : ' NOT NULL'}>`, ts: `(${item.ts}${item.nullable ? ' | null' : ''})[]`, nullable };
  }
  if (annotation === 'MAP' || annotation === 'MAP_KEY_VALUE') {
    const kv = node.children[0] as SchemaTree;
    const key = parquetNode(kv.children[0] as SchemaTree);
    const value = kv.children[1] ? parquetNode(kv.children[1]) : { sql: 'STRING', ts: 'unknown', nullable: true };
    return { sql: `MAP<${key.sql}, ${value.sql}>`, ts: `Record<string, ${value.ts}${value.nullable ? ' | null' : ''}>`, nullable };
  }
  return { ...row(node.children.map((c) => ({ name: c.element.name, type: parquetNode(c) }))), nullable };
}

/** Columns of a Parquet file from its schema tree (hyparquet's `parquetSchema(metadata)`). */
export function parquetColumns(tree: SchemaTree): FileColumn[] {
  return tree.children.map((c) => {
    const t = parquetNode(c);
    return { name: c.element.name, sqlType: t.sql, tsType: t.ts, nullable: t.nullable };
  });
}

type AvroSchema = string | AvroSchema[] | { type: AvroSchema; [key: string]: unknown };

function avroType(s: AvroSchema, named: Map<string, Typed>): Typed {
  if (Array.isArray(s)) {
    const branches = s.filter((b) => b !== 'null');
    const nullable = branches.length < s.length;
    if (branches.length === 1) return { ...avroType(branches[0] as AvroSchema, named), nullable };
    // Flink cannot map a union of several types; values come as they are.
    return { sql: 'RAW', ts: branches.map((b) => avroType(b, named).ts).join(' | '), nullable };
  }
  if (typeof s === 'string') {
    switch (s) {
      case 'null':
        return { sql: 'NULL', ts: 'null', nullable: true };
      case 'boolean':
        return { sql: 'BOOLEAN', ts: 'boolean', nullable: false };
      case 'int':
        return { sql: 'INT', ts: 'number', nullable: false };
      case 'long':
        return { sql: 'BIGINT', ts: 'number | string', nullable: false };
      case 'float':
        return { sql: 'FLOAT', ts: 'number', nullable: false };
      case 'double':
        return { sql: 'DOUBLE', ts: 'number', nullable: false };
      case 'bytes':
        return { sql: 'BYTES', ts: 'string', nullable: false };
      case 'string':
        return { sql: 'STRING', ts: 'string', nullable: false };
      default:
        return named.get(s) ?? named.get(s.slice(s.lastIndexOf('.') + 1)) ?? { sql: 'RAW', ts: 'unknown', nullable: false };
    }
  }
  const logical = typeof s.logicalType === 'string' ? s.logicalType : undefined;
  if (logical === 'decimal') return { sql: `DECIMAL(${Number(s.precision)}, ${Number(s.scale ?? 0)})`, ts: 'number', nullable: false };
  if (logical === 'timestamp-millis' || logical === 'timestamp-micros' || logical === 'timestamp-nanos')
    return { sql: `TIMESTAMP_LTZ(${logical === 'timestamp-millis' ? 3 : logical === 'timestamp-micros' ? 6 : 9})`, ts: 'number', nullable: false };
  if (logical === 'local-timestamp-millis' || logical === 'local-timestamp-micros') return { sql: `TIMESTAMP(${logical.endsWith('millis') ? 3 : 6})`, ts: 'number', nullable: false };
  if (logical === 'date') return { sql: 'DATE', ts: 'string', nullable: false };
  if (logical === 'time-millis' || logical === 'time-micros') return { sql: 'TIME(3)', ts: 'number', nullable: false };
  const name = typeof s.name === 'string' ? s.name : undefined;
  let t: Typed;
  switch (s.type) {
    case 'record':
    case 'error': {
      const fields = ((s.fields as { name: string; type: AvroSchema }[] | undefined) ?? []).map((f) => ({ name: f.name, type: avroType(f.type, named) }));
      t = { ...row(fields), nullable: false };
      break;
    }
    case 'enum':
      t = { sql: 'STRING', ts: ((s.symbols as string[] | undefined) ?? []).map((x) => JSON.stringify(x)).join(' | ') || 'string', nullable: false };
      break;
    case 'fixed':
      t = { sql: `BINARY(${Number(s.size)})`, ts: 'string', nullable: false };
      break;
    case 'array': {
      const item = avroType(s.items as AvroSchema, named);
      t = { sql: `ARRAY<${item.sql}${item.nullable ? '' : ' NOT NULL'}>`, ts: `(${item.ts}${item.nullable ? ' | null' : ''})[]`, nullable: false };
      break;
    }
    case 'map': {
      const value = avroType(s.values as AvroSchema, named);
      t = { sql: `MAP<STRING NOT NULL, ${value.sql}>`, ts: `Record<string, ${value.ts}${value.nullable ? ' | null' : ''}>`, nullable: false };
      break;
    }
    default:
      return avroType(s.type, named);
  }
  if (name !== undefined) named.set(name, t);
  return t;
}

/**
 * Columns of an Avro writer schema (a record).
 * @throws Error when the schema is not a record.
 */
export function avroColumns(schema: unknown): FileColumn[] {
  const s = schema as { type?: unknown; fields?: { name: string; type: AvroSchema }[] };
  if (s.type !== 'record' || !Array.isArray(s.fields)) throw new Error('the Avro writer schema is not a record');
  const named = new Map<string, Typed>();
  return s.fields.map((f) => {
    const t = avroType(f.type, named);
    return { name: f.name, sqlType: t.sql, tsType: t.ts, nullable: t.nullable };
  });
}

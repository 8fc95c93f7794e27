/**
 * The SQL types a Tributary record's fields get in an exported Flink SQL job, and how they are
 * written in DDL. A record is schemaless JSON; Flink needs one type per column, so the exporter
 * types every field: integral numbers `BIGINT` (JavaScript integers are exact up to 2^53, far
 * inside BIGINT), other numbers `DOUBLE` (JavaScript's own number), strings `STRING`, booleans
 * `BOOLEAN`, objects `ROW<…>`, arrays `ARRAY<…>`. The event time travels beside the fields as
 * the column `rowtime`, `TIMESTAMP_LTZ(3)` (as the `sql` node sees it), never inside a record.
 */

/** A column's type. `NULL` is the type of a field only ever seen as null (written as STRING). */
export type SqlType =
  | { kind: 'BIGINT' }
  | { kind: 'DOUBLE' }
  | { kind: 'STRING' }
  | { kind: 'BOOLEAN' }
  | { kind: 'NULL' }
  | { kind: 'TIMESTAMP_LTZ' }
  | { kind: 'ROW'; fields: readonly SqlColumn[] }
  | { kind: 'ARRAY'; element: SqlType }
  /** `MAP<STRING, STRING>` (Kafka headers). */
  | { kind: 'MAP' };

/** One column of a stream: a record field's name and type. */
export interface SqlColumn {
  name: string;
  type: SqlType;
  /**
   * The field is absent from some records (not merely null). Flink has only NULL; a spread
   * (`{ ...left, ...right }`) must then keep the earlier value where JavaScript keeps it.
   */
  missing?: boolean;
}

export const BIGINT: SqlType = { kind: 'BIGINT' };
export const DOUBLE: SqlType = { kind: 'DOUBLE' };
export const STRING: SqlType = { kind: 'STRING' };
export const BOOLEAN: SqlType = { kind: 'BOOLEAN' };
export const NULL_TYPE: SqlType = { kind: 'NULL' };

/** A Flink SQL identifier in backticks (Flink reserves words such as `date`, `key`, `value`). */
export function ident(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A Flink SQL string literal, quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The DDL text of a type: `BIGINT`, `ROW<\`a\` STRING>`, `ARRAY<DOUBLE>`. */
export function typeSql(type: SqlType): string {
  switch (type.kind) {
    case 'NULL':
      return 'STRING';
    case 'TIMESTAMP_LTZ':
      return 'TIMESTAMP_LTZ(3)';
    case 'ROW':
      return `ROW<${type.fields.map((f) => `${ident(f.name)} ${typeSql(f.type)}`).join(', ')}>`;
    case 'ARRAY':
      return `ARRAY<${typeSql(type.element)}>`;
    case 'MAP':
      return 'MAP<STRING, STRING>';
    default:
      return type.kind;
  }
}

/** Whether a type is a number (`BIGINT` or `DOUBLE`). */
export function isNumeric(type: SqlType): boolean {
  return type.kind === 'BIGINT' || type.kind === 'DOUBLE';
}

/** Readable name of a type for messages: `integer`, `number`, `string`, `object`… */
export function typeName(type: SqlType): string {
  const names: Record<SqlType['kind'], string> = {
    BIGINT: 'integer',
    DOUBLE: 'number',
    STRING: 'string',
    BOOLEAN: 'boolean',
    NULL: 'null',
    TIMESTAMP_LTZ: 'timestamp',
    ROW: 'object',
    ARRAY: 'array',
    MAP: 'object',
  };
  return names[type.kind];
}

/**
 * The type two values of one field unify to: a number type with the other number type is
 * `DOUBLE`, `NULL` gives way to anything, rows merge their fields, arrays their elements.
 * @returns the unified type, or `undefined` when they do not unify (a string and a number).
 */
export function unify(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (isNumeric(a) && isNumeric(b)) return a.kind === 'DOUBLE' || b.kind === 'DOUBLE' ? DOUBLE : BIGINT;
  if (a.kind === 'ROW' && b.kind === 'ROW') {
    const fields = mergeColumns(a.fields, b.fields);
    return fields && { kind: 'ROW', fields };
  }
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const element = unify(a.element, b.element);
    return element && { kind: 'ARRAY', element };
  }
  return a.kind === b.kind ? a : undefined;
}

/** Columns of `a` then the new ones of `b`, unified by name; `undefined` on a clash of types. */
export function mergeColumns(a: readonly SqlColumn[], b: readonly SqlColumn[]): SqlColumn[] | undefined {
  const merged = a.map((c) => ({ ...c }));
  for (const c of b) {
    const at = merged.findIndex((m) => m.name === c.name);
    if (at < 0) merged.push({ ...c });
    else {
      const before = merged[at] as SqlColumn;
      const type = unify(before.type, c.type);
      if (!type) return undefined;
      merged[at] = { name: c.name, type, ...(before.missing || c.missing ? { missing: true } : {}) };
    }
  }
  return merged;
}

/** `an integer`, `a string`: a type's name with its article, for messages. */
export function aType(type: SqlType): string {
  const name = typeName(type);
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** Whether two types are the same (rows field by field). */
export function sameType(a: SqlType, b: SqlType): boolean {
  return typeSql(a) === typeSql(b) && a.kind === b.kind;
}

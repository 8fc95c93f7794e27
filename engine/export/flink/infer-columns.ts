/**
 * Column types from sample records (a source file's first lines, a `values` node's rows, a
 * lookup table): Flink SQL declares every column, Tributary's records declare nothing. Fields
 * appear in the order first seen; a field's type unifies over every sample (see `unify`). A
 * field whose values do not unify (a number here, a string there) cannot be one Flink column:
 * the caller refuses the node, naming the field and the sample line.
 */
import { BIGINT, BOOLEAN, DOUBLE, NULL_TYPE, STRING, typeName, unify, type SqlColumn, type SqlType } from './sql-types.ts';

/** A field whose sample values have no common type. */
export interface ColumnClash {
  field: string;
  /** 1-based index of the sample whose value clashed. */
  sample: number;
  was: string;
  got: string;
}

/** The SQL type of one JSON value. @returns `undefined` for values JSON cannot hold. */
export function typeOfValue(value: unknown): SqlType | undefined {
  if (value === null || value === undefined) return NULL_TYPE;
  if (typeof value === 'boolean') return BOOLEAN;
  if (typeof value === 'string') return STRING;
  if (typeof value === 'number') return Number.isInteger(value) ? BIGINT : DOUBLE;
  if (Array.isArray(value)) {
    let element: SqlType | undefined = NULL_TYPE;
    for (const v of value) {
      const t = typeOfValue(v);
      element = t && element && unify(element, t);
      if (!element) return undefined;
    }
    return { kind: 'ARRAY', element };
  }
  if (typeof value === 'object') {
    const fields: SqlColumn[] = [];
    for (const [name, v] of Object.entries(value)) {
      const t = typeOfValue(v);
      if (!t) return undefined;
      fields.push({ name, type: t });
    }
    return { kind: 'ROW', fields };
  }
  return undefined;
}

/**
 * Infers the columns of a list of records.
 * @returns the columns in first-seen order, or the first clash.
 */
export function inferColumns(rows: Iterable<Record<string, unknown>>): { ok: true; columns: SqlColumn[] } | { ok: false; clash: ColumnClash } {
  const columns: SqlColumn[] = [];
  const at = new Map<string, number>();
  const seen: number[] = [];
  let n = 0;
  for (const row of rows) {
    n++;
    for (const [field, value] of Object.entries(row)) {
      const type = typeOfValue(value);
      const i = at.get(field);
      if (i === undefined) {
        if (!type) return { ok: false, clash: { field, sample: n, was: 'nothing', got: JSON.stringify(value) } };
        at.set(field, columns.length);
        columns.push({ name: field, type });
        seen.push(1);
        continue;
      }
      const before = columns[i] as SqlColumn;
      const unified = type && unify(before.type, type);
      if (!unified) return { ok: false, clash: { field, sample: n, was: typeName(before.type), got: type ? typeName(type) : JSON.stringify(value) } };
      columns[i] = { name: field, type: unified };
      seen[i] = (seen[i] ?? 0) + 1;
    }
  }
  return { ok: true, columns: columns.map((c, i) => (seen[i] !== n ? { ...c, missing: true } : c)) };
}

/** Nested `ROW`s whose fields were never seen typed (only nulls) are written as STRING. */
export function concreteType(type: SqlType): SqlType {
  if (type.kind === 'NULL') return STRING;
  if (type.kind === 'ROW') return { kind: 'ROW', fields: type.fields.map((f) => ({ name: f.name, type: concreteType(f.type) })) };
  if (type.kind === 'ARRAY') return { kind: 'ARRAY', element: concreteType(type.element) };
  return type;
}

/**
 * Key selectors: a record's key as a string (Flink hashes the key; we compare its string form).
 * A field key uses the field's value (`String(value)`); several fields join with U+001F; an
 * expression key uses `String(result)`. `fields` lets windows copy the key fields into results.
 * Fields are read as own properties (`own-field.ts`): a record without the field has the key
 * `"undefined"`, whatever the field's name.
 */
import { inheritable, own } from './own-field.ts';
import type { DataRecord } from './record.ts';

export interface KeySelector {
  key(row: DataRecord): string;
  /** Fields that form the key, or `undefined` for an expression key (results carry `key`). */
  fields?: readonly string[];
}

export function fieldKeySelector(fields: readonly string[]): KeySelector {
  if (fields.length === 1) {
    const f = fields[0] as string;
    const mayInherit = inheritable(f);
    return { fields, key: (row) => String(own(row, f, row[f], mayInherit)) };
  }
  const mayInherit = fields.map(inheritable);
  return { fields, key: (row) => fields.map((f, i) => String(own(row, f, row[f], mayInherit[i] as boolean))).join('\u001f') };
}

export function expressionKeySelector(fn: (event: DataRecord) => unknown): KeySelector {
  return { key: (row) => String(fn(row)) };
}

/** The same key for every record: a non-keyed (global) window, like Flink's `windowAll`. */
export const GLOBAL_KEY: KeySelector = { fields: [], key: () => '' };

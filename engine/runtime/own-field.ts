/**
 * Reading a record's field by a name from the pipeline's configuration (key fields, the
 * event-time field, aggregate fields, join and sink fields): own properties only. A record is a
 * plain object, so `row[name]` would also find what every object inherits — `constructor`,
 * `toString`, `__proto__`, … —: a key or an aggregate on such a name would read a function, and
 * the run would fail later, far from its cause. An inherited name reads as a missing field
 * (`undefined`), like any other field the record does not have.
 *
 * Per-record paths read `row[name]` themselves and pass the value to `own`: each call site
 * keeps its own inline cache for the read (one shared reader would see every field name and
 * every record shape of the pipeline and go megamorphic, ≈ 4× slower), and a plain record — its
 * prototype is Object.prototype, as every parsed record's is — needs no `hasOwnProperty` call for
 * a name Object.prototype does not have.
 */
import type { DataRecord } from './record.ts';

const OBJECT_PROTOTYPE = Object.prototype;
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** Whether a plain record could inherit `name`; computed once per configured name. */
export function inheritable(name: string): boolean {
  return name in OBJECT_PROTOTYPE;
}

/**
 * `value`, just read as `row[name]`, if it is the record's own field, else `undefined`.
 * @param mayInherit `inheritable(name)`.
 */
export function own(row: DataRecord, name: string, value: unknown, mayInherit: boolean): unknown {
  return value === undefined || (!mayInherit && Object.getPrototypeOf(row) === OBJECT_PROTOTYPE) || hasOwnProperty.call(row, name) ? value : undefined;
}

/** `row[name]` if `row` has its own property `name`, else `undefined` (for paths not run per record). */
export function ownField(row: DataRecord, name: string): unknown {
  return hasOwnProperty.call(row, name) ? row[name] : undefined;
}

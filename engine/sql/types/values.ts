/**
 * How SQL values live in memory while the engine evaluates a query, one representation per
 * type (as Flink's internal data structures: `TimestampData`, `DecimalData`, …), chosen so that
 * Flink's arithmetic can be reproduced exactly:
 *
 * | SQL type                 | value                                                        |
 * | ------------------------ | ------------------------------------------------------------ |
 * | BOOLEAN                  | `boolean`                                                    |
 * | TINYINT, SMALLINT, INT   | `number` (an integer within the type's range)                |
 * | BIGINT                   | `bigint` (64-bit, wraps like Java's `long`)                  |
 * | FLOAT, DOUBLE            | `number` (FLOAT rounded to 32 bits with `Math.fround`)       |
 * | DECIMAL(p, s)            | `SqlDecimal` `{ unscaled: bigint, scale: s }`                |
 * | CHAR, VARCHAR            | `string`                                                     |
 * | BINARY, VARBINARY        | `Uint8Array`                                                 |
 * | DATE                     | `number`: days since 1970-01-01                              |
 * | TIME                     | `number`: milliseconds of the day                            |
 * | TIMESTAMP(p)             | `number`: epoch milliseconds of the wall-clock time read as UTC |
 * | TIMESTAMP_LTZ(p)         | `number`: epoch milliseconds (an instant)                    |
 * | INTERVAL day-time        | `number`: milliseconds                                       |
 * | INTERVAL year-month      | `number`: months                                             |
 * | ARRAY, ROW               | `SqlValue[]`                                                 |
 * | MAP                      | `Map<SqlValue, SqlValue>`                                    |
 *
 * NULL is `null`. Timestamps keep millisecond precision: a TIMESTAMP(6) or (9) value loses its
 * sub-millisecond digits (Flink keeps them in `TimestampData.nanoOfMillisecond`; we differ).
 */

/** An exact decimal: `unscaled × 10^-scale`. Plain data, so it survives structured cloning. */
export interface SqlDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Any SQL value at run time (see the table above). */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | SqlDecimal
  | Uint8Array
  | readonly SqlValue[]
  | ReadonlyMap<SqlValue, SqlValue>;

/** A row as expressions read it: field values by position (Calcite's `RexInputRef` index). */
export type SqlRow = readonly SqlValue[];

/** Builds a decimal value. */
export function decimal(unscaled: bigint, scale: number): SqlDecimal {
  return { unscaled, scale };
}

/** True for a `SqlDecimal`. */
export function isDecimalValue(v: SqlValue): v is SqlDecimal {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map) && 'unscaled' in v;
}

/**
 * Flink's SQL logical types as plain data (`LogicalType` in flink-table-common), with their
 * nullability and the time-attribute marker Flink prints as `*ROWTIME*`. Types are immutable,
 * serialisable objects; `formatType` prints them as Flink's `asSummaryString` does
 * (`VARCHAR(2147483647)` is `STRING`, `VARBINARY(2147483647)` is `BYTES`).
 */

/** `VARCHAR`/`VARBINARY` of this length print as `STRING`/`BYTES` (Flink's `MAX_LENGTH`). */
export const MAX_LENGTH = 2147483647;
/** DECIMAL's largest precision (Flink's `DecimalType.MAX_PRECISION`). */
export const MAX_DECIMAL_PRECISION = 38;

/** The exact and approximate numeric type names, narrowest first. */
export type NumericKind = 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'DECIMAL' | 'FLOAT' | 'DOUBLE';

/** Field of a `ROW<…>` type. */
export interface SqlRowField {
  readonly name: string;
  readonly type: SqlType;
}

/**
 * A Flink SQL type. `timeAttribute: 'ROWTIME'` marks an event-time attribute (a column whose
 * watermark the engine tracks, Flink's `TimeIndicatorTypeInfo`); only TIMESTAMP and
 * TIMESTAMP_LTZ carry it. Interval types only appear inside expressions (literals, window sizes).
 */
export type SqlType =
  | { readonly kind: 'BOOLEAN'; readonly nullable: boolean }
  | { readonly kind: 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT'; readonly nullable: boolean }
  | { readonly kind: 'FLOAT' | 'DOUBLE'; readonly nullable: boolean }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number; readonly nullable: boolean }
  | { readonly kind: 'CHAR' | 'VARCHAR'; readonly length: number; readonly nullable: boolean }
  | { readonly kind: 'BINARY' | 'VARBINARY'; readonly length: number; readonly nullable: boolean }
  | { readonly kind: 'DATE'; readonly nullable: boolean }
  | { readonly kind: 'TIME'; readonly precision: number; readonly nullable: boolean }
  | {
      readonly kind: 'TIMESTAMP' | 'TIMESTAMP_LTZ';
      readonly precision: number;
      readonly nullable: boolean;
      readonly timeAttribute?: 'ROWTIME';
    }
  | { readonly kind: 'INTERVAL_DAY_TIME' | 'INTERVAL_YEAR_MONTH'; readonly nullable: boolean }
  | { readonly kind: 'ARRAY'; readonly element: SqlType; readonly nullable: boolean }
  | { readonly kind: 'MAP'; readonly key: SqlType; readonly value: SqlType; readonly nullable: boolean }
  | { readonly kind: 'ROW'; readonly fields: readonly SqlRowField[]; readonly nullable: boolean }
  | { readonly kind: 'NULL'; readonly nullable: true };

/** The `kind` of each variant. */
export type SqlTypeKind = SqlType['kind'];

/** A named column of a table or of a query result. */
export interface SqlColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** Type constructors, nullable unless told otherwise (Flink's `DataTypes` defaults). */
export const T = {
  boolean: (nullable = true): SqlType => ({ kind: 'BOOLEAN', nullable }),
  tinyint: (nullable = true): SqlType => ({ kind: 'TINYINT', nullable }),
  smallint: (nullable = true): SqlType => ({ kind: 'SMALLINT', nullable }),
  int: (nullable = true): SqlType => ({ kind: 'INT', nullable }),
  bigint: (nullable = true): SqlType => ({ kind: 'BIGINT', nullable }),
  float: (nullable = true): SqlType => ({ kind: 'FLOAT', nullable }),
  double: (nullable = true): SqlType => ({ kind: 'DOUBLE', nullable }),
  decimal: (precision: number, scale: number, nullable = true): SqlType => ({ kind: 'DECIMAL', precision, scale, nullable }),
  char: (length: number, nullable = true): SqlType => ({ kind: 'CHAR', length, nullable }),
  varchar: (length: number, nullable = true): SqlType => ({ kind: 'VARCHAR', length, nullable }),
  string: (nullable = true): SqlType => ({ kind: 'VARCHAR', length: MAX_LENGTH, nullable }),
  bytes: (nullable = true): SqlType => ({ kind: 'VARBINARY', length: MAX_LENGTH, nullable }),
  date: (nullable = true): SqlType => ({ kind: 'DATE', nullable }),
  time: (precision = 0, nullable = true): SqlType => ({ kind: 'TIME', precision, nullable }),
  timestamp: (precision = 6, nullable = true): SqlType => ({ kind: 'TIMESTAMP', precision, nullable }),
  timestampLtz: (precision = 6, nullable = true): SqlType => ({ kind: 'TIMESTAMP_LTZ', precision, nullable }),
  /**
   * `TIMESTAMP_LTZ(3) *ROWTIME*`: the `rowtime` column of every input. Nullable in its type, as
   * Flink types the `rowtime` metadata column of a table made from a DataStream (its value is
   * never NULL here: every record has an event time).
   */
  rowtime: (): SqlType => ({ kind: 'TIMESTAMP_LTZ', precision: 3, nullable: true, timeAttribute: 'ROWTIME' }),
  intervalDayTime: (nullable = true): SqlType => ({ kind: 'INTERVAL_DAY_TIME', nullable }),
  intervalYearMonth: (nullable = true): SqlType => ({ kind: 'INTERVAL_YEAR_MONTH', nullable }),
  array: (element: SqlType, nullable = true): SqlType => ({ kind: 'ARRAY', element, nullable }),
  map: (key: SqlType, value: SqlType, nullable = true): SqlType => ({ kind: 'MAP', key, value, nullable }),
  row: (fields: readonly SqlRowField[], nullable = true): SqlType => ({ kind: 'ROW', fields, nullable }),
  null: (): SqlType => ({ kind: 'NULL', nullable: true }),
};

/** The same type with the given nullability (Flink's `LogicalType.copy(nullable)`). */
export function withNullable(type: SqlType, nullable: boolean): SqlType {
  if (type.kind === 'NULL' || type.nullable === nullable) return type;
  return { ...type, nullable } as SqlType;
}

/** The type without its time-attribute marker (Flink materializes a time attribute this way). */
export function withoutTimeAttribute(type: SqlType): SqlType {
  if ((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.timeAttribute !== undefined) {
    return { kind: type.kind, precision: type.precision, nullable: type.nullable };
  }
  return type;
}

/** True for an event-time attribute (`*ROWTIME*`). */
export function isTimeAttribute(type: SqlType): boolean {
  return (type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.timeAttribute === 'ROWTIME';
}

/** Exact integer types (Flink's family INTEGER_NUMERIC). */
export function isInteger(type: SqlType): boolean {
  return type.kind === 'TINYINT' || type.kind === 'SMALLINT' || type.kind === 'INT' || type.kind === 'BIGINT';
}

/** Exact and approximate numerics (Flink's family NUMERIC). */
export function isNumeric(type: SqlType): boolean {
  return isInteger(type) || type.kind === 'DECIMAL' || type.kind === 'FLOAT' || type.kind === 'DOUBLE';
}

/** CHAR and VARCHAR (family CHARACTER_STRING). */
export function isCharacter(type: SqlType): boolean {
  return type.kind === 'CHAR' || type.kind === 'VARCHAR';
}

/** BINARY and VARBINARY (family BINARY_STRING). */
export function isBinary(type: SqlType): boolean {
  return type.kind === 'BINARY' || type.kind === 'VARBINARY';
}

/** TIMESTAMP and TIMESTAMP_LTZ (family TIMESTAMP). */
export function isTimestamp(type: SqlType): boolean {
  return type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ';
}

/** DATE, TIME and the timestamps (family DATETIME). */
export function isDatetime(type: SqlType): boolean {
  return type.kind === 'DATE' || type.kind === 'TIME' || isTimestamp(type);
}

/** The two interval types. */
export function isInterval(type: SqlType): boolean {
  return type.kind === 'INTERVAL_DAY_TIME' || type.kind === 'INTERVAL_YEAR_MONTH';
}

/** Structural equality, nullability and time attribute included. */
export function typeEquals(a: SqlType, b: SqlType): boolean {
  return formatType(a) === formatType(b);
}

/** Structural equality ignoring nullability at the top level and the time attribute. */
export function sameTypeIgnoringNullability(a: SqlType, b: SqlType): boolean {
  return typeEquals(withNullable(withoutTimeAttribute(a), true), withNullable(withoutTimeAttribute(b), true));
}

/**
 * Flink's summary string: `BIGINT NOT NULL`, `DECIMAL(10, 2)`, `STRING`, `TIMESTAMP_LTZ(3) *ROWTIME*`,
 * `ARRAY<INT>`, `ROW<\`a\` INT, \`b\` STRING>`.
 */
export function formatType(type: SqlType): string {
  const nn = type.nullable ? '' : ' NOT NULL';
  switch (type.kind) {
    case 'NULL':
      return 'NULL';
    case 'DECIMAL':
      return `DECIMAL(${type.precision}, ${type.scale})${nn}`;
    case 'CHAR':
      return `CHAR(${type.length})${nn}`;
    case 'VARCHAR':
      return `${type.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${type.length})`}${nn}`;
    case 'BINARY':
      return `BINARY(${type.length})${nn}`;
    case 'VARBINARY':
      return `${type.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${type.length})`}${nn}`;
    case 'TIME':
      return `TIME(${type.precision})${nn}`;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const marker = type.timeAttribute === 'ROWTIME' ? ' *ROWTIME*' : '';
      return `${type.kind}(${type.precision})${marker}${nn}`;
    }
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL SECOND(3)${nn}`;
    case 'INTERVAL_YEAR_MONTH':
      return `INTERVAL MONTH${nn}`;
    case 'ARRAY':
      return `ARRAY<${formatType(type.element)}>${nn}`;
    case 'MAP':
      return `MAP<${formatType(type.key)}, ${formatType(type.value)}>${nn}`;
    case 'ROW':
      return `ROW<${type.fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>${nn}`;
    default:
      return `${type.kind}${nn}`;
  }
}

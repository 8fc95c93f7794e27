/**
 * Which explicit CASTs Flink 1.20 accepts at validation (`LogicalTypeCasts.supportsExplicitCast`
 * and the planner's cast rules, cross-checked with `CastFunctionITCase`): numerics and BOOLEAN
 * among themselves; strings to and from every primitive type but binary strings; DATE, TIME
 * and the timestamps among themselves as far as they share fields; ARRAY, MAP and ROW
 * element-wise. We refuse binary <-> character casts, whose rules (hex or UTF-8) changed across
 * Flink versions. Refused like Flink: numerics to and from timestamps (Flink
 * points to TO_TIMESTAMP / UNIX_TIMESTAMP), DATE/TIME to numerics, BOOLEAN to temporal types,
 * intervals, and constructed types to STRING (FLINK-21456).
 */
import { formatType, isBinary, isCharacter, isNumeric, isTimestamp, type SqlType } from './sql-type.ts';

function primitive(t: SqlType): boolean {
  return t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'ROW' && t.kind !== 'NULL' && t.kind !== 'INTERVAL_DAY_TIME' && t.kind !== 'INTERVAL_YEAR_MONTH';
}

/** Why `CAST(<from> AS <to>)` is refused, or `undefined` when Flink accepts it. */
export function castProblem(from: SqlType, to: SqlType): string | undefined {
  const refuse = (extra = ''): string => `Cast function cannot convert value of type ${formatType(from)} to type ${formatType(to)}${extra}`;
  if (from.kind === 'NULL') return undefined;
  if (from.kind === to.kind && primitive(from)) return undefined;
  if ((isBinary(from) && isCharacter(to)) || (isCharacter(from) && isBinary(to))) {
    return `${refuse()}. Casts between binary and character strings are not supported by the sql node (Flink's hex/UTF-8 rules changed across versions); use ENCODE/DECODE in Flink or keep the value as a string.`;
  }
  if (isCharacter(to)) return primitive(from) ? undefined : refuse(' (FLINK-21456: constructed types cannot be cast to strings yet).');
  if (isCharacter(from)) return primitive(to) ? undefined : refuse('.');
  if (isBinary(from) && isBinary(to)) return undefined;
  if ((isNumeric(from) || from.kind === 'BOOLEAN') && (isNumeric(to) || to.kind === 'BOOLEAN')) return undefined;
  if (isNumeric(from) && isTimestamp(to)) return `${refuse()}. The cast from NUMERIC type to TIMESTAMP type is not allowed. It's recommended to use TO_TIMESTAMP(FROM_UNIXTIME(numeric_col)) or TO_TIMESTAMP_LTZ(numeric_col, precision) instead.`;
  if (isTimestamp(from) && isNumeric(to)) {
    return from.kind === 'TIMESTAMP_LTZ'
      ? `${refuse()}. The cast from TIMESTAMP_LTZ type to NUMERIC type is not allowed.`
      : `${refuse()}. The cast from TIMESTAMP type to NUMERIC type is not allowed. It's recommended to use UNIX_TIMESTAMP(CAST(timestamp_col AS STRING)) instead.`;
  }
  if (from.kind === 'DATE' && (isTimestamp(to) || to.kind === 'DATE')) return undefined;
  if (from.kind === 'TIME' && (isTimestamp(to) || to.kind === 'TIME')) return undefined;
  if (isTimestamp(from) && (isTimestamp(to) || to.kind === 'DATE' || to.kind === 'TIME')) return undefined;
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') return castProblem(from.element, to.element) === undefined ? undefined : refuse('.');
  if (from.kind === 'MAP' && to.kind === 'MAP') {
    return castProblem(from.key, to.key) === undefined && castProblem(from.value, to.value) === undefined ? undefined : refuse('.');
  }
  if (from.kind === 'ROW' && to.kind === 'ROW') {
    if (from.fields.length !== to.fields.length) return refuse(' (the rows have different numbers of fields).');
    return from.fields.every((f, i) => castProblem(f.type, to.fields[i]!.type) === undefined) ? undefined : refuse('.');
  }
  return refuse('.');
}

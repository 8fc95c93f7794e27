/**
 * CAST and TRY_CAST between the types `cast-rules.ts` allows, with Flink 1.20's run-time
 * behaviour (legacy cast behaviour off): numerics convert as `numeric.ts` says; strings parse
 * as `string-parse.ts` and the date/time parsers say, failing with an error (CAST) or giving
 * NULL (TRY_CAST); values print as `to-string.ts` says, then fit CHAR(n)/VARCHAR(n); DATE,
 * TIME and timestamps convert in UTC (the session time zone): a timestamp's date is its day
 * (Flink's `timestampMillisToDate`), TIME to TIMESTAMP takes 1970-01-01 and drops fractional
 * seconds (FLINK-17224), a precision below 3 truncates; ARRAY, MAP and ROW cast element-wise.
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import { isCharacter, isNumeric, type SqlType } from '../types/sql-type.ts';
import { MS_PER_DAY, parseDate, parseTime, parseTimestamp } from '../types/temporal.ts';
import type { SqlValue } from '../types/values.ts';
import { castNumeric } from './numeric.ts';
import { strict, type OpCompiler } from './op-types.ts';
import { parseBooleanValue, parseDecimalValue, parseIntegral, parseJavaDouble } from './string-parse.ts';
import { castToString, fitString } from './to-string.ts';

type Caster = (v: SqlValue) => SqlValue;

function truncateTo(ms: number, precision: number, unit = 1): number {
  if (precision >= 3) return ms;
  const step = 10 ** (3 - precision) * unit;
  return ms - (((ms % step) + step) % step);
}

function temporalFail(s: string): never {
  throw new SqlRuntimeError(`For input string: '${s}'.`, 'CAST');
}

function fromString(to: SqlType): Caster {
  switch (to.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return (v) => fitString(v as string, to);
    case 'BOOLEAN':
      return (v) => parseBooleanValue(v as string);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return (v) => parseIntegral(v as string, to.kind);
    case 'FLOAT':
      return (v) => Math.fround(parseJavaDouble(v as string));
    case 'DOUBLE':
      return (v) => parseJavaDouble(v as string);
    case 'DECIMAL':
      return (v) => parseDecimalValue(v as string, to.precision, to.scale);
    case 'DATE':
      return (v) => parseDate(v as string) ?? temporalFail(v as string);
    case 'TIME':
      return (v) => {
        const t = parseTime(v as string);
        return t === null || t >= MS_PER_DAY ? temporalFail(v as string) : truncateTo(t, to.precision === 0 ? 0 : Math.min(to.precision, 3));
      };
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v) => {
        const ts = parseTimestamp(v as string);
        return ts === null ? temporalFail(v as string) : truncateTo(ts, to.precision);
      };
    default:
      throw new SqlRuntimeError(`Cannot cast a string to ${to.kind}.`, 'CAST');
  }
}

function timestampToDate(ms: number): number {
  let days = Math.trunc(ms / MS_PER_DAY);
  if (days < 0) days -= 1;
  return days;
}

function temporal(from: SqlType, to: SqlType): Caster {
  const fk = from.kind;
  if (fk === 'DATE') return (v) => (v as number) * MS_PER_DAY;
  if (fk === 'TIME') return (v) => truncateTo(v as number, 0);
  if (to.kind === 'DATE') return (v) => timestampToDate(v as number);
  if (to.kind === 'TIME') return (v) => truncateTo((v as number) % MS_PER_DAY, Math.min(to.precision, 3));
  const p = (to as { precision: number }).precision;
  return (v) => truncateTo(v as number, p);
}

/** The conversion of non-NULL values of `from` to `to`. */
export function castValue(from: SqlType, to: SqlType): Caster {
  if (from.kind === 'NULL') return () => null;
  if (isCharacter(to) && !isCharacter(from)) {
    const fit = fitString;
    return (v) => fit(castToString(v, from), to);
  }
  if (isCharacter(from)) return fromString(to);
  if ((isNumeric(from) || from.kind === 'BOOLEAN') && (isNumeric(to) || to.kind === 'BOOLEAN')) return (v) => castNumeric(v, from, to);
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') {
    const el = castValue(from.element, to.element);
    return (v) => (v as readonly SqlValue[]).map((x) => (x === null ? null : el(x)));
  }
  if (from.kind === 'MAP' && to.kind === 'MAP') {
    const k = castValue(from.key, to.key);
    const val = castValue(from.value, to.value);
    return (v) => new Map([...(v as ReadonlyMap<SqlValue, SqlValue>)].map(([a, b]) => [a === null ? null : k(a), b === null ? null : val(b)]));
  }
  if (from.kind === 'ROW' && to.kind === 'ROW') {
    const fs = from.fields.map((f, i) => castValue(f.type, to.fields[i]!.type));
    return (v) => (v as readonly SqlValue[]).map((x, i) => (x === null ? null : fs[i]!(x)));
  }
  if (from.kind === 'BINARY' || from.kind === 'VARBINARY') return (v) => v;
  return temporal(from, to);
}

const cast: OpCompiler = (rex, args) => strict(args, castValue(rex.operands[0]!.type, rex.type));

const tryCast: OpCompiler = (rex, args) => {
  const f = castValue(rex.operands[0]!.type, rex.type);
  return strict(args, (v) => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof SqlRuntimeError) return null;
      throw e;
    }
  });
};

/** CAST and TRY_CAST. */
export const CAST_OPS: Record<string, OpCompiler> = { CAST: cast, TRY_CAST: tryCast };

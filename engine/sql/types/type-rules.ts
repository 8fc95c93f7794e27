/**
 * Flink's type derivation rules, as plain functions on `SqlType`:
 * - `commonType`: Flink's `LogicalTypeMerging.findCommonType` (CASE, COALESCE, IN, UNION, …):
 *   numerics widen (any DECIMAL with FLOAT/DOUBLE gives DOUBLE), strings of different fixed
 *   lengths become VARCHAR, timestamps take the larger precision, NULL takes the other type;
 *   nullable if any input is.
 * - Decimal arithmetic (`FlinkTypeSystem` / `LogicalTypeMerging`), after SQL Server:
 *   `+ -`: (max(s1,s2) + max(p1-s1,p2-s2) + 1, max(s1,s2)); `*`: (p1+p2+1, s1+s2);
 *   `/`: scale max(6, s1+p2+1), precision p1-s1+s2+scale; `%`: (min(p1-s1,p2-s2)+max(s1,s2),
 *   max(s1,s2)); a precision above 38 keeps the integer digits and cuts the scale to no less
 *   than min(scale, 6) (Hive/Spark's adjustment, as Flink).
 * - Integer operands of decimal arithmetic count as DECIMAL(3|5|10|19, 0).
 * - `SUM(DECIMAL(p,s))` is DECIMAL(38,s), `AVG(DECIMAL(p,s))` is DECIMAL(38, max(6,s)); SUM and
 *   AVG of the other numerics keep the argument type (so AVG of an INT column is an INT).
 */
import {
  MAX_DECIMAL_PRECISION,
  MAX_LENGTH,
  T,
  isCharacter,
  isBinary,
  isInteger,
  isNumeric,
  isTimestamp,
  withNullable,
  withoutTimeAttribute,
  type SqlType,
} from './sql-type.ts';

const INT_RANK = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4 } as const;
const INT_DIGITS = { TINYINT: 3, SMALLINT: 5, INT: 10, BIGINT: 19 } as const;

/** The DECIMAL an exact numeric counts as in decimal arithmetic (INT → DECIMAL(10, 0)). */
export function asDecimal(t: SqlType): { precision: number; scale: number } {
  if (t.kind === 'DECIMAL') return { precision: t.precision, scale: t.scale };
  if (isInteger(t)) return { precision: INT_DIGITS[t.kind as keyof typeof INT_DIGITS], scale: 0 };
  throw new Error(`${t.kind} is not an exact numeric`);
}

function adjust(precision: number, scale: number): SqlType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale, false);
  const digits = precision - scale;
  const minScale = Math.min(scale, 6);
  return T.decimal(MAX_DECIMAL_PRECISION, Math.max(MAX_DECIMAL_PRECISION - digits, minScale), false);
}

/** Result type of `+`/`-` on two DECIMALs (not null; callers set nullability). */
export function decimalPlus(a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return adjust(Math.max(x.precision - x.scale, y.precision - y.scale) + scale + 1, scale);
}

/** Result type of `*` on DECIMALs. */
export function decimalTimes(a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  return adjust(x.precision + y.precision + 1, x.scale + y.scale);
}

/** Result type of `/` on DECIMALs. */
export function decimalDivide(a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  const scale = Math.max(6, x.scale + y.precision + 1);
  return adjust(x.precision - x.scale + y.scale + scale, scale);
}

/** Result type of `%`/MOD on DECIMALs. */
export function decimalMod(a: SqlType, b: SqlType): SqlType {
  const x = asDecimal(a);
  const y = asDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return adjust(Math.min(x.precision - x.scale, y.precision - y.scale) + scale, scale);
}

/** Result type of ROUND(DECIMAL(p,s), r) (`LogicalTypeMerging.findRoundDecimalType`). */
export function decimalRound(precision: number, scale: number, r: number): SqlType {
  if (r >= scale) return T.decimal(precision, scale, false);
  if (r < 0) return T.decimal(Math.min(MAX_DECIMAL_PRECISION, 1 + precision - scale), 0, false);
  return T.decimal(1 + precision - scale + r, r, false);
}

/** SUM's result type (nullable: SUM of no non-null value is NULL). */
export function sumType(arg: SqlType): SqlType {
  const base = arg.kind === 'DECIMAL' ? T.decimal(MAX_DECIMAL_PRECISION, arg.scale) : arg;
  return withNullable(base, true);
}

/** AVG's result type (nullable). */
export function avgType(arg: SqlType): SqlType {
  const base = arg.kind === 'DECIMAL' ? decimalDivide(T.decimal(MAX_DECIMAL_PRECISION, arg.scale), T.decimal(20, 0)) : arg;
  return withNullable(base, true);
}

function commonExact(a: SqlType, b: SqlType): SqlType {
  if (a.kind !== 'DECIMAL' && b.kind !== 'DECIMAL') {
    return INT_RANK[a.kind as keyof typeof INT_RANK] >= INT_RANK[b.kind as keyof typeof INT_RANK] ? a : b;
  }
  const x = asDecimal(a);
  const y = asDecimal(b);
  const d = Math.min(Math.max(x.precision - x.scale, y.precision - y.scale), MAX_DECIMAL_PRECISION);
  const s = Math.min(Math.max(x.scale, y.scale), MAX_DECIMAL_PRECISION - d);
  return T.decimal(d + s, s);
}

function commonPair(a: SqlType, b: SqlType): SqlType | undefined {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (isCharacter(a) && isCharacter(b)) {
    const la = (a as { length: number }).length;
    const lb = (b as { length: number }).length;
    const length = Math.max(la, lb);
    if (a.kind === 'CHAR' && b.kind === 'CHAR' && la === lb) return T.char(length);
    return T.varchar(length);
  }
  if (isBinary(a) && isBinary(b)) return { kind: 'VARBINARY', length: Math.max((a as { length: number }).length, (b as { length: number }).length), nullable: true };
  if (isNumeric(a) && isNumeric(b)) {
    const approx = (t: SqlType) => t.kind === 'FLOAT' || t.kind === 'DOUBLE';
    if (approx(a) || approx(b)) return a.kind === 'DOUBLE' || b.kind === 'DOUBLE' || a.kind === 'DECIMAL' || b.kind === 'DECIMAL' ? T.double() : T.float();
    return commonExact(a, b);
  }
  if (a.kind === b.kind && (a.kind === 'BOOLEAN' || a.kind === 'DATE' || a.kind === 'INTERVAL_DAY_TIME' || a.kind === 'INTERVAL_YEAR_MONTH')) return a;
  if (a.kind === 'TIME' && b.kind === 'TIME') return T.time(Math.max(a.precision, b.precision));
  if (isTimestamp(a) && isTimestamp(b)) {
    const p = Math.max((a as { precision: number }).precision, (b as { precision: number }).precision);
    return a.kind === 'TIMESTAMP' && b.kind === 'TIMESTAMP' ? T.timestamp(p) : T.timestampLtz(p);
  }
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const e = commonType([a.element, b.element]);
    return e === undefined ? undefined : T.array(e);
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const k = commonType([a.key, b.key]);
    const v = commonType([a.value, b.value]);
    return k === undefined || v === undefined ? undefined : T.map(k, v);
  }
  if (a.kind === 'ROW' && b.kind === 'ROW' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const f = commonType([a.fields[i]!.type, b.fields[i]!.type]);
      if (f === undefined) return undefined;
      fields.push({ name: a.fields[i]!.name, type: f });
    }
    return T.row(fields);
  }
  return undefined;
}

/**
 * The least restrictive type all of `types` can be cast to, or `undefined` when there is none
 * (Flink then fails validation). Time attributes are dropped; nullable if any input is.
 */
export function commonType(types: readonly SqlType[]): SqlType | undefined {
  if (types.length === 0) return undefined;
  let result: SqlType = withNullable(withoutTimeAttribute(types[0]!), true);
  for (const t of types.slice(1)) {
    const c = commonPair(result, withNullable(withoutTimeAttribute(t), true));
    if (c === undefined) return undefined;
    result = c;
  }
  if (result.kind === 'NULL') return result;
  return withNullable(result, types.some((t) => t.nullable));
}

/**
 * Type of a concatenation of strings of these types: the lengths add up (capped at STRING);
 * `||` of two CHARs is a CHAR (Calcite's DYADIC_STRING_SUM_PRECISION), anything else VARCHAR.
 */
export function concatType(types: readonly SqlType[], keepChar: boolean): SqlType {
  const total = types.reduce((n, t) => n + ((t as { length?: number }).length ?? MAX_LENGTH), 0);
  const nullable = types.some((t) => t.nullable);
  const length = Math.min(total, MAX_LENGTH);
  return keepChar && types.every((t) => t.kind === 'CHAR') ? T.char(length, nullable) : T.varchar(length, nullable);
}

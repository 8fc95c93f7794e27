/**
 * Arithmetic functions with Flink's run-time rules: ABS and unary results wrap like Java
 * (`ABS(-2147483648)` stays -2147483648); FLOOR/CEIL of a DECIMAL give scale 0; ROUND(x, r)
 * rounds HALF_UP through `BigDecimal` (Flink's `sround`), a double through its shortest decimal
 * form (`ROUND(2.675, 2)` is 2.68, not 2.67), with r < 0 rounding to tens, hundreds, …; POWER,
 * SQRT, EXP, LN, LOG10 use Java's `Math` (NaN for a negative SQRT or LN), LOG2 is
 * `ln(x) / ln(2)` as Flink computes it; SIGN keeps the type. FLOOR/CEIL(t TO unit) live in
 * `temporal.ts`.
 */
import { decimalFromDouble, decimalToDouble, divRoundHalfUp, pow10 } from '../types/decimal.ts';
import type { SqlType } from '../types/sql-type.ts';
import type { SqlDecimal, SqlValue } from '../types/values.ts';
import { narrow } from './numeric.ts';
import { strict, type OpCompiler } from './op-types.ts';
import { floorCeilTemporalOp } from './temporal.ts';

/** HALF_UP rounding of a decimal at `r` places (scale max(r, 0)). */
export function roundDecimal(d: SqlDecimal, r: number): SqlDecimal {
  if (r >= d.scale) return d;
  const q = divRoundHalfUp(d.unscaled, pow10(d.scale - r));
  return r >= 0 ? { unscaled: q, scale: r } : { unscaled: q * pow10(-r), scale: 0 };
}

function floorDecimal(d: SqlDecimal, up: boolean): SqlDecimal {
  const p = pow10(d.scale);
  let q = d.unscaled / p;
  const rem = d.unscaled % p;
  if (rem !== 0n && (rem > 0n) === up) q += up ? 1n : -1n;
  return { unscaled: q, scale: 0 };
}

function withType(t: SqlType, ops: { int: (x: number) => number; big: (x: bigint) => bigint; dbl: (x: number) => number; dec: (x: SqlDecimal) => SqlValue }): (v: SqlValue) => SqlValue {
  switch (t.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return (v) => narrow(t.kind, BigInt(ops.int(v as number)));
    case 'BIGINT':
      return (v) => BigInt.asIntN(64, ops.big(v as bigint));
    case 'FLOAT':
      return (v) => Math.fround(ops.dbl(v as number));
    case 'DOUBLE':
      return (v) => ops.dbl(v as number);
    default:
      return (v) => ops.dec(v as SqlDecimal);
  }
}

const abs: OpCompiler = (rex, args) =>
  strict(args, withType(rex.type, { int: Math.abs, big: (x) => (x < 0n ? -x : x), dbl: Math.abs, dec: (d) => ({ unscaled: d.unscaled < 0n ? -d.unscaled : d.unscaled, scale: d.scale }) }));

const sign: OpCompiler = (rex, args) =>
  strict(args, withType(rex.type, { int: Math.sign, big: (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n), dbl: Math.sign, dec: (d) => ({ unscaled: (d.unscaled > 0n ? 1n : d.unscaled < 0n ? -1n : 0n) * pow10(d.scale), scale: d.scale }) }));

function floorCeil(up: boolean): OpCompiler {
  const temporal = floorCeilTemporalOp(!up);
  return (rex, args) => {
    if (args.length === 2) return temporal(rex, args);
    const t = rex.operands[0]!.type;
    if (t.kind === 'DECIMAL') return strict(args, (d) => floorDecimal(d as SqlDecimal, up));
    if (t.kind === 'FLOAT' || t.kind === 'DOUBLE') return strict(args, (x) => (up ? Math.ceil(x as number) : Math.floor(x as number)));
    return args[0]!;
  };
}

const round: OpCompiler = (rex, args) => {
  const t = rex.operands[0]!.type;
  return strict(args, (x, rv) => {
    const r = Number(rv);
    switch (t.kind) {
      case 'DECIMAL':
        return roundDecimal(x as SqlDecimal, r);
      case 'FLOAT':
      case 'DOUBLE': {
        const d = decimalFromDouble(x as number);
        if (d === null) return x;
        const v = decimalToDouble(roundDecimal(d, r));
        return t.kind === 'FLOAT' ? Math.fround(v) : v;
      }
      case 'BIGINT':
        return BigInt.asIntN(64, roundDecimal({ unscaled: x as bigint, scale: 0 }, r).unscaled);
      default:
        return narrow(t.kind, roundDecimal({ unscaled: BigInt(x as number), scale: 0 }, r).unscaled);
    }
  });
};

const unaryDouble = (f: (x: number) => number): OpCompiler => (_rex, args) => strict(args, (x) => f(x as number));

/** The arithmetic functions by name. */
export const MATH_OPS: Record<string, OpCompiler> = {
  ABS: abs,
  SIGN: sign,
  FLOOR: floorCeil(false),
  CEIL: floorCeil(true),
  ROUND: round,
  POWER: (_rex, args) => strict(args, (a, b) => Math.pow(a as number, b as number)),
  SQRT: unaryDouble(Math.sqrt),
  EXP: unaryDouble(Math.exp),
  LN: unaryDouble(Math.log),
  LOG10: unaryDouble(Math.log10),
  LOG2: unaryDouble((x) => Math.log(x) / Math.log(2)),
};

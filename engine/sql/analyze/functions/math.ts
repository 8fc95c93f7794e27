/**
 * Typing of the arithmetic functions (Flink's "Arithmetic Functions"): ABS and SIGN keep the
 * argument type; FLOOR/CEIL keep it, a DECIMAL(p,s) becoming DECIMAL(p,0) (Calcite's
 * ARG0_OR_EXACT_NO_SCALE); ROUND(x, r) keeps integer and approximate types and gives
 * `decimalRound(p, s, r)` for DECIMAL (r must then be a literal); MOD is `%`; POWER, SQRT, EXP,
 * LN, LOG10 and LOG2 give DOUBLE.
 */
import { T, isInteger, isNumeric, withNullable } from '../../types/sql-type.ts';
import { decimalRound } from '../../types/type-rules.ts';
import { anyNullable, call, literal } from '../rex.ts';
import { arithmetic } from './arithmetic.ts';
import { arity, castTo, failArgs, type ScalarRule } from './call-site.ts';
import { floorCeilTemporal } from './temporal.ts';

const sameType: ScalarRule = (args, site) => {
  arity(site, args, 1, 1, `'${site.name}(<NUMERIC>)'`);
  if (!isNumeric(args[0]!.type)) failArgs(site, args, `'${site.name}(<NUMERIC>)'`);
  return call(site.name, args, args[0]!.type);
};

function floorCeil(name: 'FLOOR' | 'CEIL'): ScalarRule {
  return (args, site) => {
    if (args.length === 2) return floorCeilTemporal(name, args[0]!, args[1]!, site);
    arity(site, args, 1, 1, `'${name}(<NUMERIC>)', '${name}(<DATETIME> TO <TIME_UNIT>)'`);
    const t = args[0]!.type;
    if (!isNumeric(t)) failArgs(site, args, `'${name}(<NUMERIC>)', '${name}(<DATETIME> TO <TIME_UNIT>)'`);
    const result = t.kind === 'DECIMAL' ? T.decimal(t.precision, 0, t.nullable) : t;
    return call(name, args, result);
  };
}

const round: ScalarRule = (args, site) => {
  const forms = "'ROUND(<NUMERIC>)', 'ROUND(<NUMERIC>, <INTEGER>)'";
  arity(site, args, 1, 2, forms);
  const x = args[0]!;
  const r = args[1] ?? literal(0, T.int(false));
  if (!isNumeric(x.type) || !isInteger(r.type)) failArgs(site, args, forms);
  if (x.type.kind !== 'DECIMAL') return call('ROUND', [x, r], withNullable(x.type, anyNullable([x, r])));
  if (r.kind !== 'literal') return site.problems.fail(site.span, 'ROUND', 'ROUND of a DECIMAL needs a literal number of decimal places (the result type depends on it).');
  const places = Number(r.value);
  return call('ROUND', [x, r], withNullable(decimalRound(x.type.precision, x.type.scale, places), anyNullable([x, r])));
};

const mod: ScalarRule = (args, site) => {
  arity(site, args, 2, 2, "'MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)'");
  return arithmetic('%', args[0]!, args[1]!, { ...site, name: 'MOD' });
};

const toDouble: ScalarRule = (args, site) => {
  const n = site.name === 'POWER' ? 2 : 1;
  const form = n === 2 ? "'POWER(<NUMERIC>, <NUMERIC>)'" : `'${site.name}(<NUMERIC>)'`;
  arity(site, args, n, n, form);
  if (!args.every((a) => isNumeric(a.type) || a.type.kind === 'NULL')) failArgs(site, args, form);
  return call(site.name, args.map((a) => castTo(a, T.double())), T.double(anyNullable(args)));
};

/** The arithmetic functions by name. */
export const MATH_FUNCTIONS: Record<string, ScalarRule> = {
  ABS: sameType,
  SIGN: sameType,
  FLOOR: floorCeil('FLOOR'),
  CEIL: floorCeil('CEIL'),
  CEILING: floorCeil('CEIL'),
  ROUND: round,
  MOD: mod,
  POWER: toDouble,
  SQRT: toDouble,
  EXP: toDouble,
  LN: toDouble,
  LOG10: toDouble,
  LOG2: toDouble,
};

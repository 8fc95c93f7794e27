/**
 * Typing of `+ - * / %`, unary minus and `||`, as Flink derives them:
 * - integers: `+ - * /` give the wider operand type and wrap on overflow like Java
 *   (`2147483647 + 1` is `-2147483648` as INT); `/` truncates toward zero (`7 / 2` is 3);
 *   `%`/MOD gives the type of its second operand (Calcite's NULLABLE_MOD);
 * - a DECIMAL operand makes the others DECIMAL (INT as DECIMAL(10,0)) and the result type comes
 *   from `decimalPlus/Times/Divide/Mod`; a FLOAT or DOUBLE operand makes it approximate
 *   (DOUBLE when a DOUBLE or DECIMAL takes part);
 * - DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ plus or minus an INTERVAL keep their type (no longer
 *   a time attribute); intervals add up and scale by numerics;
 * - `||` concatenates two strings (Calcite refuses other types).
 * The result is nullable when an operand is.
 */
import { T, isCharacter, isDatetime, isInteger, isInterval, isNumeric, withNullable, withoutTimeAttribute, type SqlType } from '../../types/sql-type.ts';
import { commonType, concatType, decimalDivide, decimalMod, decimalPlus, decimalTimes } from '../../types/type-rules.ts';
import { anyNullable, call, type Rex } from '../rex.ts';
import { castTo, failArgs, type CallSite } from './call-site.ts';

const FORMS: Record<string, string> = {
  '+': "'<NUMERIC> + <NUMERIC>', '<DATETIME> + <INTERVAL>', '<INTERVAL> + <INTERVAL>'",
  '-': "'<NUMERIC> - <NUMERIC>', '<DATETIME> - <INTERVAL>', '<INTERVAL> - <INTERVAL>'",
  '*': "'<NUMERIC> * <NUMERIC>', '<INTERVAL> * <NUMERIC>'",
  '/': "'<NUMERIC> / <NUMERIC>', '<INTERVAL> / <NUMERIC>'",
  '%': "'<EXACT_NUMERIC> % <EXACT_NUMERIC>'",
};

function numericResult(op: string, a: SqlType, b: SqlType): SqlType {
  const approx = (t: SqlType) => t.kind === 'FLOAT' || t.kind === 'DOUBLE';
  if (approx(a) || approx(b)) return commonType([a, b])!;
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    if (op === '+' || op === '-') return decimalPlus(a, b);
    if (op === '*') return decimalTimes(a, b);
    if (op === '/') return decimalDivide(a, b);
    return decimalMod(a, b);
  }
  return op === '%' ? b : commonType([a, b])!;
}

/** `a op b` for `+ - * / %` (MOD is `%`). */
export function arithmetic(op: string, a: Rex, b: Rex, site: CallSite): Rex {
  const nullable = anyNullable([a, b]);
  const at = a.type.kind === 'NULL' ? b.type : a.type;
  const bt = b.type.kind === 'NULL' ? a.type : b.type;
  if (isNumeric(at) && isNumeric(bt)) {
    const exact = (t: SqlType) => isInteger(t) || t.kind === 'DECIMAL';
    if (op === '%' && (!exact(at) || !exact(bt))) failArgs(site, [a, b], FORMS[op]!);
    const result = withNullable(numericResult(op, at, bt), nullable);
    // Flink computes `%` on the operands as they are, and DECIMAL arithmetic on the exact
    // operand values (integers read as scale 0); the rest is computed in the result type.
    if (op === '%' || result.kind === 'DECIMAL') return call(op, [a, b], result);
    return call(op, [castTo(a, result), castTo(b, result)], result);
  }
  if ((op === '+' || op === '-') && isDatetime(at) && isInterval(bt)) {
    if (at.kind === 'TIME' && bt.kind === 'INTERVAL_YEAR_MONTH') failArgs(site, [a, b], FORMS[op]!);
    return call(op, [a, b], withNullable(withoutTimeAttribute(at), nullable));
  }
  if (op === '+' && isInterval(at) && isDatetime(bt)) return arithmetic(op, b, a, site);
  if ((op === '+' || op === '-') && isInterval(at) && at.kind === bt.kind) return call(op, [a, b], withNullable(at, nullable));
  if ((op === '*' || op === '/') && isInterval(at) && isNumeric(bt)) return call(op, [a, castTo(b, T.double())], withNullable(at, nullable));
  if (op === '*' && isNumeric(at) && isInterval(bt)) return arithmetic(op, b, a, site);
  if (op === '-' && isDatetime(at) && isDatetime(bt)) {
    return site.problems.fail(site.span, '-', `Subtracting datetimes needs an interval unit in Flink: use TIMESTAMPDIFF(unit, t1, t2).${site.note([a, b])}`);
  }
  return failArgs(site, [a, b], FORMS[op] ?? `'<NUMERIC> ${op} <NUMERIC>'`);
}

/** Unary minus of a numeric or interval. */
export function negate(a: Rex, site: CallSite): Rex {
  if (!isNumeric(a.type) && !isInterval(a.type) && a.type.kind !== 'NULL') failArgs(site, [a], "'-<NUMERIC>', '-<INTERVAL>'");
  return call('NEGATE', [a], a.type.kind === 'NULL' ? T.int() : a.type);
}

/** Unary plus: checks the operand is numeric and returns it. */
export function unaryPlus(a: Rex, site: CallSite): Rex {
  if (!isNumeric(a.type) && !isInterval(a.type) && a.type.kind !== 'NULL') failArgs(site, [a], "'+<NUMERIC>'");
  return a;
}

/** `a || b` on strings. */
export function concatOperator(a: Rex, b: Rex, site: CallSite): Rex {
  const ok = (t: SqlType) => isCharacter(t) || t.kind === 'NULL';
  if (!ok(a.type) || !ok(b.type)) failArgs(site, [a, b], "'<STRING> || <STRING>'");
  const types = [a.type, b.type].map((t) => (t.kind === 'NULL' ? T.varchar(0) : t));
  return call('||', [a, b], concatType(types, true));
}

/**
 * Typing of the logical and comparison operators: AND, OR, NOT need BOOLEAN operands (Flink
 * refuses `NOT 1`); `= <> < <= > >=`, IN and IS DISTINCT FROM cast both sides to their common
 * type as Calcite's comparison coercion does — numerics widen, a string compared with a DATE,
 * TIME or timestamp is cast to that type, a DATE compared with a timestamp is cast to it.
 * Refused as in Flink: a numeric against a string (`implicit type conversion between INTEGER and
 * VARCHAR is not supported now`; we also refuse `<`/`>` there, conservatively), TIMESTAMP
 * against TIMESTAMP_LTZ, and ordering comparisons of ARRAY, MAP and ROW values.
 */
import {
  T,
  isCharacter,
  isDatetime,
  isNumeric,
  isTimestamp,
  type SqlType,
} from '../../types/sql-type.ts';
import { commonType } from '../../types/type-rules.ts';
import { anyNullable, call, type Rex } from '../rex.ts';
import { castTo, failArgs, type CallSite } from './call-site.ts';
import { likeToRegExp } from '../../expr/like.ts';
import { SqlRuntimeError } from '../../runtime-error.ts';

const ROOT_NAMES: Partial<Record<SqlType['kind'], string>> = { INT: 'INTEGER', VARCHAR: 'VARCHAR', CHAR: 'CHAR' };

function requireBoolean(site: CallSite, args: readonly Rex[], forms: string): void {
  for (const a of args) if (a.type.kind !== 'BOOLEAN' && a.type.kind !== 'NULL') failArgs(site, args, forms);
}

/** AND / OR of BOOLEAN operands (three-valued). */
export function logical(op: 'AND' | 'OR', args: Rex[], site: CallSite): Rex {
  requireBoolean(site, args, `'<BOOLEAN> ${op} <BOOLEAN>'`);
  return call(op, args.map((a) => castTo(a, T.boolean())), T.boolean(anyNullable(args)));
}

/** NOT of a BOOLEAN. */
export function not(arg: Rex, site: CallSite): Rex {
  requireBoolean(site, [arg], "'NOT<BOOLEAN>'");
  return call('NOT', [castTo(arg, T.boolean())], T.boolean(arg.type.nullable));
}

/**
 * The type both sides of a comparison are cast to, or a refusal message. `ordering` is true for
 * `< <= > >=` (constructed types only support `=`/`<>`).
 */
export function comparisonType(a: SqlType, b: SqlType, ordering: boolean): SqlType | string {
  if (a.kind === 'NULL') return b.kind === 'NULL' ? T.boolean() : b;
  if (b.kind === 'NULL') return a;
  if ((isNumeric(a) && isCharacter(b)) || (isCharacter(a) && isNumeric(b))) {
    const n = (t: SqlType) => ROOT_NAMES[t.kind] ?? t.kind;
    return `implicit type conversion between ${n(a)} and ${n(b)} is not supported now; CAST one side explicitly.`;
  }
  if (isDatetime(a) && isCharacter(b)) return a;
  if (isCharacter(a) && isDatetime(b)) return b;
  if (a.kind === 'DATE' && isTimestamp(b)) return b;
  if (isTimestamp(a) && b.kind === 'DATE') return a;
  if (isTimestamp(a) && isTimestamp(b) && a.kind !== b.kind) {
    return 'TIMESTAMP and TIMESTAMP_LTZ values cannot be compared directly; CAST one to the other.';
  }
  if (ordering && (a.kind === 'ARRAY' || a.kind === 'MAP' || a.kind === 'ROW')) return `${a.kind} values cannot be ordered.`;
  return commonType([a, b]) ?? '';
}

/** `a op b` for a comparison operator, with both sides cast to their comparison type. */
export function comparison(op: string, a: Rex, b: Rex, site: CallSite): Rex {
  const ordering = op !== '=' && op !== '<>';
  const t = comparisonType(a.type, b.type, ordering);
  if (typeof t === 'string') {
    if (t === '') failArgs(site, [a, b], `'<COMPARABLE_TYPE> ${op} <COMPARABLE_TYPE>'`);
    return site.problems.fail(site.span, op, t + site.note([a, b]));
  }
  const operands = isCharacter(t) ? [a, b] : [castTo(a, t), castTo(b, t)];
  return call(op, operands, T.boolean(anyNullable([a, b])));
}

/** `a IS [NOT] DISTINCT FROM b` (never NULL). */
export function isDistinct(a: Rex, b: Rex, negated: boolean, site: CallSite): Rex {
  const t = comparisonType(a.type, b.type, false);
  if (typeof t === 'string') return site.problems.fail(site.span, 'IS DISTINCT FROM', t === '' ? `Cannot compare ${a.type.kind} with ${b.type.kind}.` : t);
  const operands = isCharacter(t) ? [a, b] : [castTo(a, t), castTo(b, t)];
  return call(negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', operands, T.boolean(false));
}

/** `x [NOT] IN (v1, …)`: all cast to their common type; three-valued like a chain of `=` OR-ed. */
export function inList(x: Rex, list: Rex[], negated: boolean, site: CallSite): Rex {
  let t: SqlType = x.type;
  for (const v of list) {
    const c = comparisonType(t, v.type, false);
    if (typeof c === 'string') return site.problems.fail(site.span, 'IN', c === '' ? `Values of type ${v.type.kind} cannot be compared with ${x.type.kind} in IN.` : c);
    t = c;
  }
  const all = [x, ...list];
  const operands = isCharacter(t) ? all : all.map((o) => castTo(o, t));
  const inCall = call('IN', operands, T.boolean(anyNullable(all)));
  return negated ? call('NOT', [inCall], inCall.type) : inCall;
}

/** `x IS [NOT] NULL|TRUE|FALSE|UNKNOWN` (never NULL). */
export function isTest(test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN', negated: boolean, x: Rex, site: CallSite): Rex {
  if (test !== 'NULL' && x.type.kind !== 'BOOLEAN' && x.type.kind !== 'NULL') failArgs(site, [x], `'<BOOLEAN> IS ${test}'`);
  return call(`IS ${negated ? 'NOT ' : ''}${test}`, [x], T.boolean(false));
}

/** `s [NOT] LIKE pattern [ESCAPE 'c']` on strings; the escape must be one character. */
export function like(s: Rex, pattern: Rex, escape: string | undefined, negated: boolean, site: CallSite): Rex {
  if (!(isCharacter(s.type) || s.type.kind === 'NULL') || !(isCharacter(pattern.type) || pattern.type.kind === 'NULL')) {
    failArgs(site, [s, pattern], "'<STRING> LIKE <STRING> [ESCAPE <CHAR(1)>]'");
  }
  if (escape !== undefined && escape.length !== 1) return site.problems.fail(site.span, 'LIKE', `Invalid escape character '${escape}': the escape must be one character.`);
  if (pattern.kind === 'literal' && typeof pattern.value === 'string') {
    try {
      likeToRegExp(pattern.value, escape);
    } catch (e) {
      if (e instanceof SqlRuntimeError) return site.problems.fail(site.span, 'LIKE', e.reason);
      throw e;
    }
  }
  const operands = escape === undefined ? [s, pattern] : [s, pattern, { kind: 'literal' as const, value: escape, type: T.char(1, false) }];
  const r = call('LIKE', operands, T.boolean(anyNullable([s, pattern])));
  return negated ? call('NOT', [r], r.type) : r;
}

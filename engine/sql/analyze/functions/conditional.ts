/**
 * Typing of CASE and the conditional functions (Flink's "Conditional Functions"): results are
 * cast to their common type (`commonType`); CASE and IF are nullable when a branch is or when
 * CASE has no ELSE; COALESCE is nullable only when every argument is; NULLIF is nullable.
 * JSON_VALUE (Flink's "JSON Functions") gives STRING unless RETURNING says otherwise (BOOLEAN,
 * INT, BIGINT, DOUBLE, STRING), and is always nullable; its ON EMPTY/ON ERROR behaviours
 * become symbol operands.
 */
import { T, isCharacter, withNullable, formatType, type SqlType } from '../../types/sql-type.ts';
import { commonType } from '../../types/type-rules.ts';
import { call, literal, symbol, type Rex } from '../rex.ts';
import { arity, castTo, failArgs, type CallSite, type ScalarRule } from './call-site.ts';
import { comparison } from './comparison.ts';
import { parseJsonPath } from '../../expr/json-value.ts';
import { SqlRuntimeError } from '../../runtime-error.ts';

/** Common type of branch results, or a failure naming the types. */
function branchType(results: readonly Rex[], site: CallSite): SqlType {
  const t = commonType(results.map((r) => r.type));
  if (t === undefined) {
    return site.problems.fail(site.span, site.name, `The branches of ${site.name} have no common type: ${results.map((r) => formatType(r.type)).join(', ')}.${site.note(results)}`);
  }
  if (t.kind === 'NULL') return site.problems.fail(site.span, site.name, 'ELSE clause or at least one THEN clause must be non-NULL.');
  return t;
}

/** Searched CASE as `CASE(cond1, res1, …, else)`; a missing ELSE is NULL. */
export function caseWhen(conditions: Rex[], results: Rex[], otherwise: Rex | undefined, site: CallSite): Rex {
  for (const c of conditions) if (c.type.kind !== 'BOOLEAN' && c.type.kind !== 'NULL') failArgs(site, conditions, "'CASE WHEN <BOOLEAN> THEN … END'");
  const all = otherwise === undefined ? results : [...results, otherwise];
  const t = branchType(all, site);
  const nullable = otherwise === undefined || all.some((r) => r.type.nullable);
  const type = withNullable(t, nullable);
  const operands: Rex[] = [];
  conditions.forEach((c, i) => operands.push(c, castTo(results[i]!, type)));
  operands.push(otherwise === undefined ? literal(null, type) : castTo(otherwise, type));
  return call('CASE', operands, type);
}

/** Simple CASE: `CASE v WHEN a THEN x …` as `CASE WHEN v = a THEN x …`. */
export function simpleCase(value: Rex, matches: Rex[], results: Rex[], otherwise: Rex | undefined, site: CallSite): Rex {
  const conditions = matches.map((m) => comparison('=', value, m, { ...site, name: '=' }));
  return caseWhen(conditions, results, otherwise, site);
}

const coalesce: ScalarRule = (args, site) => {
  if (args.length === 0) failArgs(site, args, "'COALESCE(<ANY>, …)'");
  const t = branchType(args, site);
  const type = withNullable(t, args.every((a) => a.type.nullable));
  return call('COALESCE', args.map((a) => castTo(a, withNullable(type, a.type.nullable))), type);
};

const nullIf: ScalarRule = (args, site) => {
  arity(site, args, 2, 2, "'NULLIF(<ANY>, <ANY>)'");
  const [a, b] = args as [Rex, Rex];
  const cond = comparison('=', a, b, { ...site, name: '=' });
  return caseWhen([cond], [literal(null, T.null())], a, site);
};

const ifFn: ScalarRule = (args, site) => {
  arity(site, args, 3, 3, "'IF(<BOOLEAN>, <ANY>, <ANY>)'");
  return caseWhen([args[0]!], [args[1]!], args[2]!, site);
};

const ifNull: ScalarRule = (args, site) => {
  arity(site, args, 2, 2, "'IFNULL(<ANY>, <ANY>)'");
  const t = branchType(args, site);
  const type = withNullable(t, args[1]!.type.nullable);
  return call('COALESCE', args.map((a) => castTo(a, withNullable(type, a.type.nullable))), type);
};

const JSON_RETURNING = new Set(['BOOLEAN', 'INT', 'BIGINT', 'DOUBLE', 'VARCHAR', 'CHAR', 'DECIMAL', 'FLOAT', 'SMALLINT', 'TINYINT']);

/** JSON_VALUE(json, path) → JSON_VALUE(json, path, onEmpty, onEmptyDefault, onError, onErrorDefault). */
const jsonValue: ScalarRule = (args, site) => {
  const forms = "'JSON_VALUE(<STRING>, <STRING> [RETURNING <type>] [{NULL | ERROR | DEFAULT <expr>} ON EMPTY] [{NULL | ERROR | DEFAULT <expr>} ON ERROR])'";
  arity(site, args, 2, 2, forms);
  if (!args.every((a) => isCharacter(a.type) || a.type.kind === 'NULL')) failArgs(site, args, forms);
  const path = args[1]!;
  if (path.kind === 'literal' && typeof path.value === 'string') {
    try {
      parseJsonPath(path.value);
    } catch (e) {
      if (e instanceof SqlRuntimeError) return site.problems.fail(site.span, 'JSON_VALUE', e.reason);
      throw e;
    }
  }
  const ret = site.options?.jsonReturning ?? T.string();
  if (!JSON_RETURNING.has(ret.kind)) return site.problems.fail(site.span, 'JSON_VALUE', `JSON_VALUE cannot return ${formatType(ret)}; use BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL or STRING.`);
  const type = withNullable(ret, true);
  const behaviour = (b: { behavior: string; value?: Parameters<CallSite['analyze']>[0] } | undefined): Rex[] => {
    if (b === undefined) return [symbol('NULL'), literal(null, type)];
    if (b.behavior !== 'DEFAULT' || b.value === undefined) return [symbol(b.behavior), literal(null, type)];
    const v = site.analyze(b.value);
    return [symbol('DEFAULT'), castTo(v, type)];
  };
  return call('JSON_VALUE', [...args, ...behaviour(site.options?.jsonOnEmpty), ...behaviour(site.options?.jsonOnError)], type);
};

/** The conditional and JSON functions by name. */
export const CONDITIONAL_FUNCTIONS: Record<string, ScalarRule> = {
  COALESCE: coalesce,
  NULLIF: nullIf,
  IF: ifFn,
  IFNULL: ifNull,
  JSON_VALUE: jsonValue,
};

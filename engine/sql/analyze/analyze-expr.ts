/**
 * Expression analysis: `Expr` AST to typed `Rex`, resolving names in the block's scope and
 * typing every operator and function by Flink's rules (`functions/`). In an aggregate query the
 * SELECT list and HAVING see the aggregate's output: a sub-expression equal to a GROUP BY key
 * becomes a reference to that key, an aggregate call is collected and referenced, and any other
 * column is refused (`Expression 'x' is not being grouped`). ROW_NUMBER() OVER (…) in the
 * SELECT list is collected for the planner's Top-N rule.
 */
import type { Expr } from '../parse/ast.ts';
import { ProblemSink, type Span } from '../problems.ts';
import { castProblem } from '../types/cast-rules.ts';
import { T, formatType, withNullable } from '../types/sql-type.ts';
import { aggregateType, AGGREGATE_FUNCTIONS, UNSUPPORTED_AGGREGATES } from './functions/aggregates.ts';
import { arithmetic, concatOperator, negate, unaryPlus } from './functions/arithmetic.ts';
import type { CallSite } from './functions/call-site.ts';
import { comparison, inList, isDistinct, isTest, like, logical, not } from './functions/comparison.ts';
import { caseWhen, simpleCase } from './functions/conditional.ts';
import { lookupScalar } from './functions/registry.ts';
import { CLOCK_FUNCTIONS, clockFunctionMessage, extract } from './functions/temporal.ts';
import { literalRex } from './literal-rex.ts';
import type { AggCall, OverCall, SortKey } from './rel.ts';
import { call, inputRef, rexEquals, symbol, type Rex } from './rex.ts';
import type { Scope } from './scope.ts';

/** The aggregate a SELECT list or HAVING reads (see the file header). */
export interface GroupingContext {
  /** Environment over the aggregate's input (the FROM/WHERE row). */
  readonly inputEnv: ExprEnv;
  /** GROUP BY keys over the input; key i is output field i. */
  readonly keys: readonly Rex[];
  readonly keyNames: readonly string[];
  /** Aggregate calls collected so far; call j is output field keys.length + j. */
  readonly aggs: AggCall[];
}

/** ROW_NUMBER() OVER (…) calls collected from a SELECT list; call j is field `offset + j`. */
export interface OverContext {
  readonly offset: number;
  readonly calls: OverCall[];
}

/** Where an expression is analysed. */
export interface ExprEnv {
  readonly scope: Scope;
  readonly problems: ProblemSink;
  /** Clause name for messages: `WHERE`, `SELECT`, `GROUP BY`, `HAVING`, `ON`, … */
  readonly clause: string;
  readonly grouping?: GroupingContext;
  readonly overs?: OverContext;
}

/** True if `e` contains an aggregate call outside OVER (…). */
export function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return AGGREGATE_FUNCTIONS.has(e.name) || e.args.some(containsAggregate);
    case 'over':
      return false;
    case 'unary':
      return containsAggregate(e.operand);
    case 'binary':
    case 'isDistinct':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'case':
      return [e.operand, e.otherwise, ...e.whens.flatMap((w) => [w.when, w.then])].some((x) => x !== undefined && containsAggregate(x));
    case 'cast':
    case 'extract':
    case 'is':
      return containsAggregate(e.expr);
    case 'between':
      return [e.expr, e.low, e.high].some(containsAggregate);
    case 'in':
      return [e.expr, ...e.list].some(containsAggregate);
    case 'like':
      return containsAggregate(e.expr) || containsAggregate(e.pattern);
    case 'position':
      return containsAggregate(e.needle) || containsAggregate(e.haystack);
    case 'subscript':
      return containsAggregate(e.expr) || containsAggregate(e.index);
    default:
      return false;
  }
}

/** The SQL text of an expression, for messages. */
function textOf(e: Expr): string {
  return e.kind === 'column' ? e.names.join('.') : e.kind;
}

/** Analyses one expression in `env`. */
export function analyzeExpr(e: Expr, env: ExprEnv): Rex {
  const g = env.grouping;
  if (g !== undefined && e.kind !== 'literal' && !(e.kind === 'call' && AGGREGATE_FUNCTIONS.has(e.name)) && e.kind !== 'over') {
    if (e.kind === 'column') {
      const r = analyzeExpr(e, { ...g.inputEnv, problems: env.problems });
      const k = g.keys.findIndex((key) => rexEquals(key, r));
      if (k < 0) return env.problems.fail(e.span, env.clause, `Expression '${textOf(e)}' is not being grouped.`);
      return inputRef(k, g.keyNames[k]!, g.keys[k]!.type);
    }
    const silent = new ProblemSink();
    const trial = silent.attempt(() => analyzeExpr(e, { ...g.inputEnv, problems: silent }));
    if (trial !== undefined && silent.problems.length === 0) {
      const k = g.keys.findIndex((key) => rexEquals(key, trial));
      if (k >= 0) return inputRef(k, g.keyNames[k]!, g.keys[k]!.type);
    }
  }
  return analyzeNode(e, env);
}

function site(env: ExprEnv, name: string, span: Span, extra: Partial<CallSite> = {}): CallSite {
  return {
    name,
    span,
    problems: env.problems,
    analyze: (x) => analyzeExpr(x, env),
    note: (operands) => {
      const inferred = operands.filter((o) => o.kind === 'input' && env.scope.isInferred(o.index));
      if (inferred.length === 0 || env.grouping !== undefined) return '';
      const names = inferred.map((o) => (o.kind === 'input' ? o.name : '')).join(', ');
      return ` (The type of ${names} was inferred from the input's records; declare it in the source's schema if it is wrong.)`;
    },
    ...extra,
  };
}

function analyzeNode(e: Expr, env: ExprEnv): Rex {
  const sub = (x: Expr) => analyzeExpr(x, env);
  switch (e.kind) {
    case 'column':
      return env.scope.resolve(e.names, e.span, env.problems);
    case 'literal': {
      const r = literalRex(e.literal);
      return typeof r === 'string' ? env.problems.fail(e.span, 'literal', r) : r;
    }
    case 'unary': {
      const x = sub(e.operand);
      if (e.op === 'NOT') return not(x, site(env, 'NOT', e.span));
      return e.op === '-' ? negate(x, site(env, '-', e.span)) : unaryPlus(x, site(env, '+', e.span));
    }
    case 'binary': {
      const a = sub(e.left);
      const b = sub(e.right);
      const s = site(env, e.op, e.span);
      if (e.op === 'AND' || e.op === 'OR') return logical(e.op, [a, b], s);
      if (['=', '<>', '<', '<=', '>', '>='].includes(e.op)) return comparison(e.op, a, b, s);
      if (e.op === '||') return concatOperator(a, b, s);
      return arithmetic(e.op, a, b, s);
    }
    case 'call':
      return analyzeCall(e, env);
    case 'timeUnit':
      return symbol(e.unit);
    case 'case': {
      const s = site(env, 'CASE', e.span);
      const results = e.whens.map((w) => sub(w.then));
      const otherwise = e.otherwise === undefined ? undefined : sub(e.otherwise);
      if (e.operand !== undefined) return simpleCase(sub(e.operand), e.whens.map((w) => sub(w.when)), results, otherwise, s);
      return caseWhen(e.whens.map((w) => sub(w.when)), results, otherwise, s);
    }
    case 'cast': {
      const x = sub(e.expr);
      const problem = castProblem(x.type, e.target);
      if (problem !== undefined) return env.problems.fail(e.span, e.tryCast ? 'TRY_CAST' : 'CAST', problem + site(env, 'CAST', e.span).note([x]));
      const nullable = e.tryCast || x.type.nullable;
      return call(e.tryCast ? 'TRY_CAST' : 'CAST', [x], withNullable(e.target, nullable));
    }
    case 'between': {
      const x = sub(e.expr);
      const lo = sub(e.low);
      const hi = sub(e.high);
      const s = site(env, 'BETWEEN', e.span);
      const range = (l: Rex, h: Rex) =>
        e.not
          ? logical('OR', [comparison('<', x, l, s), comparison('>', x, h, s)], s)
          : logical('AND', [comparison('>=', x, l, s), comparison('<=', x, h, s)], s);
      if (!e.symmetric) return range(lo, hi);
      return logical(e.not ? 'AND' : 'OR', [range(lo, hi), range(hi, lo)], s);
    }
    case 'in':
      return inList(sub(e.expr), e.list.map(sub), e.not, site(env, 'IN', e.span));
    case 'like':
      return like(sub(e.expr), sub(e.pattern), e.escape, e.not, site(env, 'LIKE', e.span));
    case 'is':
      return isTest(e.test, e.not, sub(e.expr), site(env, 'IS', e.span));
    case 'isDistinct':
      return isDistinct(sub(e.left), sub(e.right), e.not, site(env, 'IS DISTINCT FROM', e.span));
    case 'extract':
      return extract(e.unit, sub(e.expr), site(env, 'EXTRACT', e.span));
    case 'position':
      return lookupScalar('POSITION')!([sub(e.needle), sub(e.haystack)], site(env, 'POSITION', e.span));
    case 'subscript':
      return subscript(sub(e.expr), sub(e.index), e.span, env);
    case 'over':
      return analyzeOver(e, env);
    case 'unsupported':
      return env.problems.fail(e.span, e.construct, e.message);
  }
}

function subscript(x: Rex, i: Rex, span: Span, env: ExprEnv): Rex {
  if (x.type.kind === 'ARRAY' && (i.type.kind === 'INT' || i.type.kind === 'SMALLINT' || i.type.kind === 'TINYINT' || i.type.kind === 'BIGINT')) {
    return call('ITEM', [x, i], withNullable(x.type.element, true));
  }
  if (x.type.kind === 'MAP') return call('ITEM', [x, i], withNullable(x.type.value, true));
  return env.problems.fail(span, '[]', `Cannot subscript ${formatType(x.type)} with ${formatType(i.type)}; use array[INT] or map[key].`);
}

function analyzeCall(e: Extract<Expr, { kind: 'call' }>, env: ExprEnv): Rex {
  if (CLOCK_FUNCTIONS.has(e.name)) return env.problems.fail(e.span, e.name, clockFunctionMessage(e.name));
  if (UNSUPPORTED_AGGREGATES.has(e.name)) return env.problems.fail(e.span, e.name, `The aggregate function ${e.name} is not supported by the sql node.`);
  if (AGGREGATE_FUNCTIONS.has(e.name)) return analyzeAggregate(e, env);
  if (e.name === 'ROW_NUMBER' || e.name === 'RANK' || e.name === 'DENSE_RANK') {
    return env.problems.fail(e.span, e.name, `${e.name}() needs an OVER (PARTITION BY … ORDER BY …) clause and an alias.`);
  }
  const rule = lookupScalar(e.name);
  if (rule === undefined) return env.problems.fail(e.nameSpan, 'function', `No match found for function signature ${e.name}(…): the function is unknown or not supported by the sql node.`);
  if (e.distinct || e.star) return env.problems.fail(e.span, e.name, `${e.name} is not an aggregate function; DISTINCT and * are not allowed.`);
  const args = e.args.map((a) => analyzeExpr(a, env));
  return rule(args, site(env, e.name, e.span, e.options === undefined ? {} : { options: e.options }));
}

function analyzeAggregate(e: Extract<Expr, { kind: 'call' }>, env: ExprEnv): Rex {
  const g = env.grouping;
  if (g === undefined) {
    const where = env.clause === 'aggregate argument' ? 'inside another aggregate' : `in ${env.clause}`;
    return env.problems.fail(e.span, e.name, `Aggregate function ${e.name} is not allowed ${where}.`);
  }
  const argEnv: ExprEnv = { ...g.inputEnv, problems: env.problems, clause: 'aggregate argument' };
  const args = e.args.map((a) => analyzeExpr(a, argEnv));
  const fn = e.name as AggCall['fn'];
  const type = aggregateType(fn, args, e.distinct, e.star, site(env, e.name, e.span));
  const existing = g.aggs.findIndex((a) => a.fn === fn && a.distinct === e.distinct && a.args.length === args.length && a.args.every((x, i) => rexEquals(x, args[i]!)));
  const index = existing >= 0 ? existing : g.aggs.push({ fn, args, distinct: e.distinct, type, name: `EXPR$${g.aggs.length}`, span: e.span }) - 1;
  return inputRef(g.keys.length + index, g.aggs[index]!.name, type);
}

function analyzeOver(e: Extract<Expr, { kind: 'over' }>, env: ExprEnv): Rex {
  const o = env.overs;
  const fnName = e.call.kind === 'call' ? e.call.name : '';
  if (o === undefined) return env.problems.fail(e.span, 'OVER', `OVER windows are not allowed in ${env.clause}.`);
  if (fnName !== 'ROW_NUMBER') {
    const what = AGGREGATE_FUNCTIONS.has(fnName) ? `${fnName}(…) OVER (…) is an OVER aggregate` : `${fnName || 'This'} OVER (…)`;
    return env.problems.fail(e.span, 'OVER', `${what}, which the sql node does not plan; only ROW_NUMBER() OVER (PARTITION BY window_start, window_end … ORDER BY …) in a window Top-N is supported.`);
  }
  if (e.call.kind === 'call' && e.call.args.length > 0) return env.problems.fail(e.span, 'ROW_NUMBER', 'ROW_NUMBER() takes no arguments.');
  const partitionBy = e.partitionBy.map((p) => analyzeExpr(p, { ...env, clause: 'PARTITION BY', overs: undefined }));
  const orderBy: SortKey[] = e.orderBy.map((k) => ({
    expr: analyzeExpr(k.expr, { ...env, clause: 'ORDER BY', overs: undefined }),
    descending: k.descending,
    nullsFirst: k.nullsFirst ?? !k.descending,
  }));
  const type = T.bigint(false);
  const index = o.calls.push({ fn: 'ROW_NUMBER', partitionBy, orderBy, hasFrame: e.hasFrame, type, name: `w${o.calls.length}$o0`, span: e.span }) - 1;
  return inputRef(o.offset + index, o.calls[index]!.name, type);
}

/**
 * The calls of the translatable subset: `Math.abs/floor/ceil/round/min/max`, `String(x)` and the
 * string methods `toUpperCase`, `toLowerCase`, `startsWith`, `endsWith`, `includes` and
 * `slice` (integer-literal bounds, negative ones counted from the end as in JavaScript).
 * `Math.round` rounds half up (`Math.round(-2.5)` is -2) where SQL's ROUND rounds half away
 * from zero, so it is `FLOOR(x + 0.5)`; rounding results are integers (BIGINT), as JavaScript
 * prints them.
 */
import type { CallExpression, Expression } from 'acorn';
import { BIGINT, BOOLEAN, DOUBLE, STRING, aType } from '../sql-types.ts';
import { asText, requireNumber, type Val } from './sql-value.ts';
import type { CodeScope } from './translate-code.ts';

const MATH = new Set(['abs', 'floor', 'ceil', 'round', 'min', 'max']);
const STRING_METHODS = new Set(['toUpperCase', 'toLowerCase', 'startsWith', 'endsWith', 'includes', 'slice']);

/** Translates a call expression. @throws CodeRefusal for any call outside the subset. */
export function translateCall(node: CallExpression, scope: CodeScope): Val {
  const callee = node.callee;
  if (node.arguments.some((a) => a.type === 'SpreadElement')) return scope.refuse(node, 'spread arguments are outside the translatable subset');
  const args = node.arguments as Expression[];
  if (callee.type === 'Identifier' && callee.name === 'String' && args.length === 1) {
    const v = scope.value(args[0] as Expression);
    return { sql: asText(v, scope.text(node)), type: STRING };
  }
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return scope.refuse(node, 'this call is outside the translatable subset');
  const method = callee.property.name;
  if (callee.object.type === 'Identifier' && callee.object.name === 'Math') {
    if (!MATH.has(method)) return scope.refuse(node, `Math.${method} is outside the translatable subset (Math.abs, floor, ceil, round, min, max are in it)`);
    return math(method, args.map((a) => scope.value(a)), node, scope);
  }
  if (callee.object.type === 'Super') return scope.refuse(node, '`super` is outside the translatable subset');
  const target = scope.value(callee.object);
  if (target.type.kind !== 'STRING' || !STRING_METHODS.has(method))
    return scope.refuse(node, `.${method}() on ${aType(target.type)} is outside the translatable subset`);
  return stringMethod(method, target, args, node, scope);
}

function math(method: string, args: Val[], node: CallExpression, scope: CodeScope): Val {
  const text = scope.text(node);
  for (const a of args) requireNumber(a, text);
  const [x] = args;
  if (method === 'min' || method === 'max') {
    if (!x) return scope.refuse(node, `Math.${method}() without arguments is not a finite number`);
    if (args.length === 1) return x;
    const type = args.some((a) => a.type.kind === 'DOUBLE') ? DOUBLE : BIGINT;
    const list = args.map((a) => (type.kind === 'DOUBLE' && a.type.kind === 'BIGINT' ? `CAST(${a.sql} AS DOUBLE)` : a.sql));
    return { sql: `${method === 'min' ? 'LEAST' : 'GREATEST'}(${list.join(', ')})`, type };
  }
  if (!x || args.length !== 1) return scope.refuse(node, `Math.${method} takes one argument`);
  if (method === 'abs') return { sql: `ABS(${x.sql})`, type: x.type };
  if (x.type.kind === 'BIGINT') return x;
  const inner = method === 'floor' ? `FLOOR(${x.sql})` : method === 'ceil' ? `CEIL(${x.sql})` : `FLOOR(${x.sql} + 0.5E0)`;
  return { sql: `CAST(${inner} AS BIGINT)`, type: BIGINT };
}

/** An integer literal argument (`3`, `-2`). */
function integerLiteral(e: Expression | undefined): number | undefined {
  if (!e) return undefined;
  if (e.type === 'Literal' && typeof e.value === 'number' && Number.isInteger(e.value)) return e.value;
  if (e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' && typeof e.argument.value === 'number' && Number.isInteger(e.argument.value))
    return -e.argument.value;
  return undefined;
}

function stringMethod(method: string, s: Val, args: Expression[], node: CallExpression, scope: CodeScope): Val {
  if (method === 'toUpperCase' || method === 'toLowerCase') {
    if (args.length > 0) return scope.refuse(node, `${method} takes no arguments`);
    return { sql: `${method === 'toUpperCase' ? 'UPPER' : 'LOWER'}(${s.sql})`, type: STRING };
  }
  if (method === 'slice') return slice(s, args, node, scope);
  if (args.length !== 1) return scope.refuse(node, `.${method}() translates with exactly one argument`);
  const x = scope.value(args[0] as Expression);
  if (x.type.kind !== 'STRING') return scope.refuse(node, `.${method}() expects a string argument, got ${aType(x.type)}`);
  // A string starts with x when x's first occurrence is at position 1 (also for x = '').
  const sql =
    method === 'startsWith' ? `POSITION(${x.sql} IN ${s.sql}) = 1` : method === 'endsWith' ? `RIGHT(${s.sql}, CHAR_LENGTH(${x.sql})) = ${x.sql}` : `POSITION(${x.sql} IN ${s.sql}) > 0`;
  return { sql: `COALESCE(${sql}, FALSE)`, type: BOOLEAN, notNull: true };
}

/** `s.slice(a[, b])` with integer-literal bounds, clamped as JavaScript clamps them. */
function slice(s: Val, args: Expression[], node: CallExpression, scope: CodeScope): Val {
  const a = integerLiteral(args[0]);
  const b = args.length > 1 ? integerLiteral(args[1]) : undefined;
  if (args.length === 0 || args.length > 2 || a === undefined || (args.length === 2 && b === undefined))
    return scope.refuse(node, '.slice() translates with one or two integer literals as bounds');
  if (a >= 0 && b === undefined) return { sql: `SUBSTRING(${s.sql} FROM ${a + 1})`, type: STRING };
  if (a < 0 && b === undefined) return { sql: `RIGHT(${s.sql}, ${-a})`, type: STRING };
  if (a >= 0 && b !== undefined && b >= 0) return { sql: `SUBSTRING(${s.sql} FROM ${a + 1} FOR ${Math.max(b - a, 0)})`, type: STRING };
  const length = `CHAR_LENGTH(${s.sql})`;
  const bound = (n: number): string => (n >= 0 ? `LEAST(${n}, ${length})` : `GREATEST(${length} - ${-n}, 0)`);
  const start = bound(a);
  const end = bound(b as number);
  return { sql: `SUBSTRING(${s.sql} FROM ${start} + 1 FOR GREATEST(${end} - ${start}, 0))`, type: STRING };
}

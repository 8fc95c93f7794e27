/**
 * Logic, comparison and conditional operators with SQL's three-valued logic, as Flink generates
 * them: AND is FALSE if an operand is FALSE, else NULL if one is NULL (and stops at the first
 * FALSE); OR likewise with TRUE; NOT NULL is NULL; comparisons are NULL when a side is;
 * `x IN (…)` is TRUE on a match, else NULL if the list or x holds a NULL, else FALSE; IS tests
 * never return NULL; CASE takes the first TRUE branch (NULL conditions do not match); COALESCE
 * the first non-NULL operand, evaluating no further. Array subscripts start at 1 and are NULL
 * out of bounds; a missing map key is NULL.
 */
import type { SqlValue } from '../types/values.ts';
import { lessOrEqual, lessThan, valuesEqual } from './compare.ts';
import { strict, type CompiledExpression, type OpCompiler } from './op-types.ts';

const and: OpCompiler = (_rex, args) => (row) => {
  let sawNull = false;
  for (const a of args) {
    const v = a(row);
    if (v === false) return false;
    if (v === null) sawNull = true;
  }
  return sawNull ? null : true;
};

const or: OpCompiler = (_rex, args) => (row) => {
  let sawNull = false;
  for (const a of args) {
    const v = a(row);
    if (v === true) return true;
    if (v === null) sawNull = true;
  }
  return sawNull ? null : false;
};

const not: OpCompiler = (_rex, args) => strict(args, (v) => !v);

function is(test: (v: SqlValue) => boolean): OpCompiler {
  return (_rex, [a]) => (row) => test(a!(row));
}

function compare(f: (a: SqlValue, b: SqlValue) => boolean): OpCompiler {
  return (_rex, args) => strict(args, f);
}

const distinct = (negated: boolean): OpCompiler => (_rex, [a, b]) => (row) => {
  const x = a!(row);
  const y = b!(row);
  const same = x === null || y === null ? x === y : valuesEqual(x, y);
  return negated ? same : !same;
};

const inList: OpCompiler = (_rex, [x, ...list]) => (row) => {
  const v = x!(row);
  if (v === null) return null;
  let sawNull = false;
  for (const item of list) {
    const w = item(row);
    if (w === null) sawNull = true;
    else if (valuesEqual(v, w)) return true;
  }
  return sawNull ? null : false;
};

const caseWhen: OpCompiler = (_rex, args) => {
  const pairs: [CompiledExpression, CompiledExpression][] = [];
  for (let i = 0; i + 1 < args.length; i += 2) pairs.push([args[i]!, args[i + 1]!]);
  const otherwise = args[args.length - 1]!;
  return (row) => {
    for (const [c, r] of pairs) if (c(row) === true) return r(row);
    return otherwise(row);
  };
};

const coalesce: OpCompiler = (_rex, args) => (row) => {
  for (const a of args) {
    const v = a(row);
    if (v !== null) return v;
  }
  return null;
};

const field: OpCompiler = (_rex, [row, index]) => (r) => {
  const v = row!(r) as readonly SqlValue[] | null;
  return v === null ? null : (v[index!(r) as number] ?? null);
};

const item: OpCompiler = (rex, args) =>
  strict(args, (container, key) => {
    if (rex.operands[0]!.type.kind === 'ARRAY') {
      const arr = container as readonly SqlValue[];
      const i = Number(key);
      return i >= 1 && i <= arr.length ? (arr[i - 1] ?? null) : null;
    }
    return (container as ReadonlyMap<SqlValue, SqlValue>).get(key) ?? null;
  });

/** The logic, comparison and conditional operators by name. */
export const LOGIC_OPS: Record<string, OpCompiler> = {
  AND: and,
  OR: or,
  NOT: not,
  'IS NULL': is((v) => v === null),
  'IS NOT NULL': is((v) => v !== null),
  'IS TRUE': is((v) => v === true),
  'IS NOT TRUE': is((v) => v !== true),
  'IS FALSE': is((v) => v === false),
  'IS NOT FALSE': is((v) => v !== false),
  'IS UNKNOWN': is((v) => v === null),
  'IS NOT UNKNOWN': is((v) => v !== null),
  '=': compare(valuesEqual),
  '<>': compare((a, b) => !valuesEqual(a, b)),
  '<': compare(lessThan),
  '<=': compare(lessOrEqual),
  '>': compare((a, b) => lessThan(b, a)),
  '>=': compare((a, b) => lessOrEqual(b, a)),
  'IS DISTINCT FROM': distinct(false),
  'IS NOT DISTINCT FROM': distinct(true),
  IN: inList,
  CASE: caseWhen,
  COALESCE: coalesce,
  FIELD: field,
  ITEM: item,
};

/**
 * Shapes shared by the operator implementations: a compiled expression is a closure from a row
 * to a value; an operator compiler gets its typed call and its compiled operands and returns
 * the call's closure. `strict` wraps the common case of NULL in, NULL out.
 */
import type { Rex } from '../analyze/rex.ts';
import type { SqlRow, SqlValue } from '../types/values.ts';

/** A compiled expression: the value of the expression on a row. */
export type CompiledExpression = (row: SqlRow) => SqlValue;

/** A call node of a Rex tree. */
export type CallRex = Extract<Rex, { kind: 'call' }>;

/** Compiles one operator, given its compiled operands. */
export type OpCompiler = (rex: CallRex, args: readonly CompiledExpression[]) => CompiledExpression;

/** NULL if any argument is NULL, else `f` of the argument values. */
export function strict(args: readonly CompiledExpression[], f: (...values: SqlValue[]) => SqlValue): CompiledExpression {
  if (args.length === 1) {
    const [a] = args as [CompiledExpression];
    return (row) => {
      const x = a(row);
      return x === null ? null : f(x);
    };
  }
  if (args.length === 2) {
    const [a, b] = args as [CompiledExpression, CompiledExpression];
    return (row) => {
      const x = a(row);
      if (x === null) return null;
      const y = b(row);
      return y === null ? null : f(x, y);
    };
  }
  return (row) => {
    const values: SqlValue[] = [];
    for (const a of args) {
      const v = a(row);
      if (v === null) return null;
      values.push(v);
    }
    return f(...values);
  };
}

/** The literal value of operand `i` if it is a literal (for validating constants at compile time). */
export function literalOperand(rex: CallRex, i: number): { value: unknown } | undefined {
  const o = rex.operands[i];
  return o?.kind === 'literal' ? { value: o.value } : undefined;
}

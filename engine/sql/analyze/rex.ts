/**
 * Typed row expressions, as Calcite's `RexNode`: an input field by position, a literal, a
 * symbol (a flag such as a time unit or TRIM mode) or a call of an operator on operands. They
 * are plain, serialisable data: literals hold the JSON form of their value (`json-codec.ts`),
 * and every node carries its SQL type. `compileExpression` turns one into a closure.
 */
import type { JsonValue } from '../types/json-codec.ts';
import { T, formatType, type SqlType } from '../types/sql-type.ts';

/** A typed expression over the fields of one row. */
export type Rex =
  | { readonly kind: 'input'; readonly index: number; readonly name: string; readonly type: SqlType }
  | { readonly kind: 'literal'; readonly value: JsonValue; readonly type: SqlType }
  | { readonly kind: 'symbol'; readonly value: string; readonly type: SqlType }
  | { readonly kind: 'call'; readonly op: string; readonly operands: readonly Rex[]; readonly type: SqlType };

/** Reference to field `index` (named `name` in plans) of type `type`. */
export function inputRef(index: number, name: string, type: SqlType): Rex {
  return { kind: 'input', index, name, type };
}

/** A literal of `type` whose value's JSON form is `value`. */
export function literal(value: JsonValue, type: SqlType): Rex {
  return { kind: 'literal', value, type };
}

/** A flag operand (`HOUR`, `BOTH`, `NULL`). */
export function symbol(value: string): Rex {
  return { kind: 'symbol', value, type: T.null() };
}

/** A call of `op`. */
export function call(op: string, operands: readonly Rex[], type: SqlType): Rex {
  return { kind: 'call', op, operands, type };
}

/** True if any operand is nullable (the usual result nullability). */
export function anyNullable(operands: readonly Rex[]): boolean {
  return operands.some((o) => o.kind !== 'symbol' && o.type.nullable);
}

/** Structural equality, ignoring input field names. */
export function rexEquals(a: Rex, b: Rex): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'input':
      return a.index === (b as typeof a).index;
    case 'literal':
      return JSON.stringify(a.value) === JSON.stringify((b as typeof a).value) && formatType(a.type) === formatType(b.type);
    case 'symbol':
      return a.value === (b as typeof a).value;
    case 'call': {
      const c = b as typeof a;
      return a.op === c.op && a.operands.length === c.operands.length && a.operands.every((o, i) => rexEquals(o, c.operands[i]!)) && formatType(a.type) === formatType(c.type);
    }
  }
}

/** The input field indexes an expression reads. */
export function inputsOf(rex: Rex, out = new Set<number>()): Set<number> {
  if (rex.kind === 'input') out.add(rex.index);
  else if (rex.kind === 'call') for (const o of rex.operands) inputsOf(o, out);
  return out;
}

/** Rewrites every input reference (for moving an expression onto another row layout). */
export function mapInputs(rex: Rex, f: (r: Extract<Rex, { kind: 'input' }>) => Rex): Rex {
  if (rex.kind === 'input') return f(rex);
  if (rex.kind === 'call') return { ...rex, operands: rex.operands.map((o) => mapInputs(o, f)) };
  return rex;
}

/** Splits a condition into its AND-ed conjuncts. */
export function conjuncts(rex: Rex): Rex[] {
  if (rex.kind === 'call' && rex.op === 'AND') return rex.operands.flatMap(conjuncts);
  return [rex];
}

/** AND of conditions (`undefined` for none). */
export function andAll(parts: readonly Rex[]): Rex | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return call('AND', parts, T.boolean(anyNullable(parts)));
}

/**
 * Expression plumbing for the planner, as Calcite's `RexProgram` merging: substituting a
 * projection into an expression (so a chain of Calcs becomes one), deriving a projection's
 * output fields (an input reference keeps its input's type, time attribute included; anything
 * computed is a plain value) and following window columns through a projection.
 */
import { andAll, inputRef, mapInputs, type Rex } from '../analyze/rex.ts';
import { withNullable, withoutTimeAttribute, type SqlColumn } from '../types/sql-type.ts';
import type { PlanNode, WindowColumns } from './logical-plan.ts';

/** `rex` read over the row `exprs` produce, rewritten to read what `exprs` read. */
export function substitute(rex: Rex, exprs: readonly Rex[]): Rex {
  return mapInputs(rex, (r) => exprs[r.index]!);
}

/** The identity projection of `fields`. */
export function identity(fields: readonly SqlColumn[]): Rex[] {
  return fields.map((f, i) => inputRef(i, f.name, f.type));
}

/** True when `projection` passes `fields` through unchanged. */
export function isIdentity(projection: readonly Rex[], inputCount: number): boolean {
  return projection.length === inputCount && projection.every((p, i) => p.kind === 'input' && p.index === i);
}

/** Output fields of `projection` over `input`, named `names`, nullability from `nullable`. */
export function projectedFields(projection: readonly Rex[], names: readonly string[], input: readonly SqlColumn[], nullable?: readonly boolean[]): SqlColumn[] {
  return projection.map((p, i) => {
    const base = p.kind === 'input' ? input[p.index]!.type : withoutTimeAttribute(p.type);
    const n = nullable?.[i] ?? (p.kind === 'input' ? input[p.index]!.type.nullable : p.type.nullable);
    return { name: names[i]!, type: withNullable(base, n) };
  });
}

/** Window columns of a projection's output, following plain references to the input's. */
export function projectedWindow(projection: readonly Rex[], input: WindowColumns | undefined): WindowColumns | undefined {
  if (input === undefined) return undefined;
  const find = (i: number | undefined) => (i === undefined ? -1 : projection.findIndex((p) => p.kind === 'input' && p.index === i));
  const start = find(input.start);
  const end = find(input.end);
  const time = find(input.time);
  if (start < 0 && end < 0 && time < 0) return undefined;
  return {
    window: input.window,
    ...(start >= 0 ? { start } : {}),
    ...(end >= 0 ? { end } : {}),
    ...(time >= 0 ? { time } : {}),
  };
}

/** AND of two optional conditions. */
export function both(a: Rex | undefined, b: Rex | undefined): Rex | undefined {
  return andAll([a, b].filter((x): x is Rex => x !== undefined));
}

/** The input rows a node reads, for walking the plan. */
export function inputsOfNode(node: PlanNode): readonly PlanNode[] {
  switch (node.kind) {
    case 'source':
      return [];
    case 'union':
      return node.inputs;
    case 'intervalJoin':
    case 'windowJoin':
      return [node.left, node.right];
    default:
      return [node.input];
  }
}

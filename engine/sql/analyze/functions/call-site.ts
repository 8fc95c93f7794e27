/**
 * What a function's typing rule gets: its analysed arguments and the call site (name, span,
 * options, a way to report), plus the helpers rules share: implicit casts and the argument
 * type error in Calcite's words (`Cannot apply 'X' to arguments of type …`).
 */
import type { CallOptions, Expr } from '../../parse/ast.ts';
import type { ProblemSink, Span } from '../../problems.ts';
import { formatType, sameTypeIgnoringNullability, withNullable, type SqlType } from '../../types/sql-type.ts';
import { call, type Rex } from '../rex.ts';

/** The place and context of one call. */
export interface CallSite {
  /** Upper-case function or operator name as written. */
  readonly name: string;
  readonly span: Span;
  readonly problems: ProblemSink;
  readonly options?: CallOptions;
  /** Analyses an extra expression (JSON_VALUE's DEFAULT) in the call's scope. */
  readonly analyze: (e: Expr) => Rex;
  /** Notes on inferred input types, appended to type errors. */
  readonly note: (operands: readonly Rex[]) => string;
}

/** A typing rule: checks and casts the arguments and returns the typed call. */
export type ScalarRule = (args: Rex[], site: CallSite) => Rex;

/** `INT, STRING` — the argument types as an error shows them. */
export function typesText(args: readonly Rex[]): string {
  return args.map((a) => (a.kind === 'symbol' ? a.value : formatType(a.type).replace(/ NOT NULL$/, ''))).join(', ');
}

/** Fails with the argument-type error and the supported form(s). */
export function failArgs(site: CallSite, args: readonly Rex[], forms: string): never {
  return site.problems.fail(
    site.span,
    site.name,
    `Cannot apply '${site.name}' to arguments of type '${site.name}(${typesText(args)})'. Supported form(s): ${forms}.${site.note(args)}`,
  );
}

/** `rex` as `type` (keeping the operand's nullability); no cast when only nullability differs. */
export function castTo(rex: Rex, type: SqlType): Rex {
  if (rex.kind === 'symbol') return rex;
  if (rex.type.kind !== 'NULL' && sameTypeIgnoringNullability(rex.type, type)) return rex;
  return call('CAST', [rex], withNullable(type, rex.type.nullable));
}

/** Fails unless there are between `min` and `max` arguments. */
export function arity(site: CallSite, args: readonly Rex[], min: number, max: number, forms: string): void {
  if (args.length < min || args.length > max) failArgs(site, args, forms);
}

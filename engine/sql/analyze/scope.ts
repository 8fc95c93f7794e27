/**
 * Name resolution for one query block (Calcite's `SqlValidatorScope`): the FROM clause's
 * relations, each with an alias and its fields at their positions in the block's combined row.
 * Names are case-sensitive as in Flink; a near miss in another case is pointed out. Errors use
 * Calcite's words: `Column 'x' not found in any table`, `Column 'x' is ambiguous`,
 * `Table 't' not found`. `a.b` is column `b` of relation `a`, or field `b` of ROW column `a`.
 */
import type { ProblemSink, Span } from '../problems.ts';
import { T, withNullable, type SqlType } from '../types/sql-type.ts';
import { call, inputRef, literal, type Rex } from './rex.ts';

/** A field visible in a scope. */
export interface ScopeField {
  readonly name: string;
  readonly type: SqlType;
  /** Position in the combined row of the block. */
  readonly index: number;
  /** The type was inferred from records rather than declared (mentioned in type errors). */
  readonly inferred?: boolean;
}

/** A relation of the FROM clause. */
export interface ScopeRelation {
  readonly alias: string;
  readonly fields: readonly ScopeField[];
}

/** The names a query block can see. */
export class Scope {
  constructor(readonly relations: readonly ScopeRelation[]) {}

  /** Every field, in row order. */
  get fields(): ScopeField[] {
    return this.relations.flatMap((r) => r.fields);
  }

  /** Field names of the inputs whose types were inferred. */
  isInferred(index: number): boolean {
    return this.fields.some((f) => f.index === index && f.inferred === true);
  }

  private hint(name: string, candidates: readonly string[]): string {
    const near = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
    return near === undefined ? '' : ` Did you mean \`${near}\`? (Flink names are case-sensitive.)`;
  }

  private column(rel: ScopeRelation | undefined, name: string, span: Span, problems: ProblemSink): ScopeField {
    const pool = rel === undefined ? this.relations : [rel];
    const hits = pool.flatMap((r) => r.fields.filter((f) => f.name === name).map((f) => ({ r, f })));
    if (hits.length === 1) return hits[0]!.f;
    if (hits.length > 1) return problems.fail(span, 'column', `Column '${name}' is ambiguous.`);
    const all = pool.flatMap((r) => r.fields.map((f) => f.name));
    const where = rel === undefined ? 'any table' : `table '${rel.alias}'`;
    return problems.fail(span, 'column', `Column '${name}' not found in ${where}.${this.hint(name, all)}`);
  }

  /** Resolves `a`, `t.a` or `a.field…` to an input reference (and field accesses). */
  resolve(names: readonly string[], span: Span, problems: ProblemSink): Rex {
    const [first, ...rest] = names as [string, ...string[]];
    const rel = rest.length > 0 ? this.relations.find((r) => r.alias === first) : undefined;
    let field: ScopeField;
    let path: string[];
    if (rel !== undefined) {
      field = this.column(rel, rest[0]!, span, problems);
      path = rest.slice(1);
    } else if (rest.length > 0 && !this.fields.some((f) => f.name === first)) {
      const aliases = this.relations.map((r) => r.alias);
      return problems.fail(span, 'table', `Table '${first}' not found.${this.hint(first, aliases)}`);
    } else {
      field = this.column(undefined, first, span, problems);
      path = rest;
    }
    let rex: Rex = inputRef(field.index, field.name, field.type);
    for (const part of path) rex = fieldAccess(rex, part, span, problems);
    return rex;
  }
}

/** `row.field` on a ROW value (NULL when the row is NULL). */
export function fieldAccess(row: Rex, name: string, span: Span, problems: ProblemSink): Rex {
  const t = row.type;
  if (t.kind !== 'ROW') return problems.fail(span, 'column', `Cannot access field '${name}' of a ${t.kind} value.`);
  const i = t.fields.findIndex((f) => f.name === name);
  if (i < 0) return problems.fail(span, 'column', `Unknown field '${name}' of ROW; its fields are ${t.fields.map((f) => f.name).join(', ')}.`);
  const ft = t.fields[i]!.type;
  return call('FIELD', [row, literal(i, T.int(false))], withNullable(ft, ft.nullable || t.nullable));
}

/**
 * Queries to relational form: WITH items (visible to later items and the body, each analysed
 * once and shared by its references), UNION ALL (columns unified to their common types, a time
 * attribute kept where both sides have one) and SELECT blocks. UNION without ALL, INTERSECT
 * and EXCEPT need retractions in streaming and are refused with the UNION ALL form to use.
 */
import type { Query } from '../parse/ast.ts';
import { formatType, isTimeAttribute, sameTypeIgnoringNullability, withNullable } from '../types/sql-type.ts';
import { commonType } from '../types/type-rules.ts';
import { analyzeSelect } from './analyze-select.ts';
import { castTo } from './functions/call-site.ts';
import type { QueryContext, TableColumn } from './query-context.ts';
import type { Rel } from './rel.ts';
import { inputRef } from './rex.ts';

/** An analysed query: its relational form and output columns. */
export interface AnalyzedQuery {
  readonly rel: Rel;
  readonly fields: readonly TableColumn[];
}

/** Analyses a query; problems go to `ctx.problems` (throws `SqlAbort` when it cannot go on). */
export function analyzeQuery(q: Query, ctx: QueryContext): AnalyzedQuery {
  const recurse = (sub: Query) => analyzeQuery(sub, ctx);
  switch (q.kind) {
    case 'select':
      return analyzeSelect(q, ctx, recurse);
    case 'with': {
      const items = new Map<string, AnalyzedQuery>();
      return ctx.withCtes(items, () => {
        for (const item of q.items) {
          const a = ctx.problems.attempt(() => analyzeQuery(item.query, ctx));
          if (a === undefined) continue;
          let fields = a.fields;
          if (item.columns !== undefined) {
            if (item.columns.length !== fields.length) {
              ctx.problems.report(item.span, 'WITH', `WITH item '${item.name}' names ${item.columns.length} columns but its query has ${fields.length}.`);
              continue;
            }
            fields = fields.map((f, i) => ({ ...f, name: item.columns![i]! }));
          }
          const rel: Rel = item.columns === undefined ? a.rel : { kind: 'project', input: a.rel, exprs: a.fields.map((f, i) => inputRef(i, f.name, f.type)), fields, span: item.span };
          items.set(item.name, { rel, fields });
        }
        return analyzeQuery(q.body, ctx);
      });
    }
    case 'setop':
      return setOperation(q, ctx);
    case 'unsupported':
      return ctx.problems.fail(q.span, q.construct, q.message);
  }
}

function setOperation(q: Extract<Query, { kind: 'setop' }>, ctx: QueryContext): AnalyzedQuery {
  for (const r of q.refused ?? []) ctx.problems.report(r.span, r.construct, r.message);
  if (!(q.op === 'UNION' && q.all)) {
    const name = `${q.op}${q.all ? ' ALL' : ''}`;
    ctx.problems.report(q.span, name, `${name} needs to retract rows in a streaming query (an updating result); use UNION ALL${q.op === 'UNION' ? ', then deduplicate with a window Top-N if needed' : ''}.`);
  }
  const left = ctx.problems.attempt(() => analyzeQuery(q.left, ctx));
  const right = ctx.problems.attempt(() => analyzeQuery(q.right, ctx));
  if (left === undefined || right === undefined) return ctx.problems.fail(q.span, 'UNION ALL', 'An input of the union has problems (above).');
  if (left.fields.length !== right.fields.length) {
    return ctx.problems.fail(q.span, 'UNION ALL', `Column count mismatch in UNION ALL: the left input has ${left.fields.length} columns, the right ${right.fields.length}.`);
  }
  const fields: TableColumn[] = left.fields.map((l, i) => {
    const r = right.fields[i]!;
    if (isTimeAttribute(l.type) && isTimeAttribute(r.type) && sameTypeIgnoringNullability(l.type, r.type)) return { name: l.name, type: l.type };
    const t = commonType([l.type, r.type]);
    if (t === undefined) {
      return ctx.problems.fail(q.span, 'UNION ALL', `Type mismatch in column ${i + 1} ('${l.name}') of UNION ALL: ${formatType(l.type)} and ${formatType(r.type)} have no common type.`);
    }
    return { name: l.name, type: t };
  });
  const aligned = (side: AnalyzedQuery): Rel => {
    const same = side.fields.every((f, i) => sameTypeIgnoringNullability(f.type, fields[i]!.type) && isTimeAttribute(f.type) === isTimeAttribute(fields[i]!.type));
    if (same) return side.rel;
    const exprs = side.fields.map((f, i) => castTo(inputRef(i, f.name, f.type), withNullable(fields[i]!.type, f.type.nullable)));
    return { kind: 'project', input: side.rel, exprs, fields: exprs.map((e, i) => ({ name: fields[i]!.name, type: withNullable(fields[i]!.type, e.type.nullable) })), span: q.span };
  };
  return { rel: { kind: 'union', inputs: [aligned(left), aligned(right)], fields, span: q.span }, fields };
}

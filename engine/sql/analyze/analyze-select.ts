/**
 * One SELECT block to relational form, in SQL's order: FROM, WHERE (Filter), GROUP BY and the
 * aggregates (Aggregate; HAVING a Filter over it), OVER calls (Over), the SELECT list (Project),
 * DISTINCT (an Aggregate on every output column, as Calcite plans it) and ORDER BY (Sort).
 * Output names are the alias, else a column's name, else Calcite's `EXPR$<position>`; duplicates
 * get Calcite's suffixes (`a`, `a0`). Each item, clause and key is analysed on its own, so one
 * bad item does not hide problems in the others.
 */
import type { Expr, Query, SelectItem } from '../parse/ast.ts';
import { ProblemSink, type Span } from '../problems.ts';
import type { SqlColumn } from '../types/sql-type.ts';
import { analyzeExpr, containsAggregate, type ExprEnv, type GroupingContext, type OverContext } from './analyze-expr.ts';
import { analyzeFrom, type QueryAnalyzer } from './analyze-from.ts';
import type { QueryContext, TableColumn } from './query-context.ts';
import type { Rel, SortKey } from './rel.ts';
import { inputRef, mapInputs, type Rex } from './rex.ts';

const OVER_SENTINEL = 1_000_000;
import { Scope } from './scope.ts';

type Select = Extract<Query, { kind: 'select' }>;

/** Calcite's uniquifier: later duplicates get 0, 1, … appended. */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 0; used.has(name); i++) name = `${n}${i}`;
    used.add(name);
    return name;
  });
}

function spanOver(spans: readonly Span[], fallback: Span): Span {
  if (spans.length === 0) return fallback;
  const first = spans[0]!;
  const last = spans[spans.length - 1]!;
  return { ...first, end: last.end };
}

interface Item {
  readonly rex: Rex;
  readonly name: string;
}

/** Expands `*` and analyses every SELECT item in `env` (failed items are left out). */
function selectItems(items: readonly SelectItem[], env: ExprEnv, scope: Scope): Item[] {
  const out: Item[] = [];
  items.forEach((item, position) => {
    env.problems.attempt(() => {
      if (item.kind === 'star') {
        const rels = item.qualifier === undefined ? scope.relations : scope.relations.filter((r) => r.alias === item.qualifier!.join('.'));
        if (rels.length === 0) env.problems.fail(item.span, 'table', `Table '${item.qualifier!.join('.')}' not found.`);
        for (const r of rels) {
          for (const f of r.fields) {
            const e: Expr = { kind: 'column', names: r.alias === '' ? [f.name] : [r.alias, f.name], span: item.span };
            out.push({ rex: env.grouping === undefined ? inputRef(f.index, f.name, f.type) : analyzeExpr(e, env), name: f.name });
          }
        }
        return;
      }
      const rex = analyzeExpr(item.expr, env);
      if (rex.type.kind === 'NULL') env.problems.fail(item.span, 'NULL', "Illegal use of 'NULL': give it a type, e.g. CAST(NULL AS STRING).");
      const name = item.alias ?? (item.expr.kind === 'column' ? item.expr.names[item.expr.names.length - 1]! : `EXPR$${position}`);
      out.push({ rex, name });
    });
  });
  return out;
}

/** Analyses a SELECT block. */
export function analyzeSelect(q: Select, ctx: QueryContext, analyzeQuery: QueryAnalyzer): { rel: Rel; fields: TableColumn[] } {
  const problems = ctx.problems;
  for (const r of q.refused ?? []) problems.report(r.span, r.construct, r.message);
  if (q.from === undefined) return problems.fail(q.span, 'FROM', 'A query of the sql node reads its inputs: add FROM <input>.');
  const from = analyzeFrom(q.from, ctx, analyzeQuery);
  const scope = new Scope(from.relations);
  const env: ExprEnv = { scope, problems, clause: 'SELECT' };
  let rel: Rel = from.rel;
  if (q.where !== undefined) {
    const where = q.where;
    const cond = problems.attempt(() => analyzeExpr(where, { ...env, clause: 'WHERE' }));
    if (cond !== undefined && cond.type.kind !== 'BOOLEAN') problems.report(where.span, 'WHERE', `WHERE must be a BOOLEAN condition, not ${cond.type.kind}.`);
    else if (cond !== undefined) rel = { kind: 'filter', input: rel, condition: cond, fields: rel.fields, span: where.span };
  }
  const isAggregate = q.groupBy !== undefined || q.items.some((i) => i.kind === 'expr' && containsAggregate(i.expr)) || (q.having !== undefined && containsAggregate(q.having));
  let items: Item[];
  if (isAggregate) {
    const groupBy = q.groupBy ?? [];
    const keyed = groupBy.map((g, i) => problems.attempt(() => ({ rex: analyzeExpr(g, { ...env, clause: 'GROUP BY' }), expr: g, i })));
    const keys = keyed.filter((k) => k !== undefined);
    const keyNames = keys.map((k) => (k.rex.kind === 'input' ? k.rex.name : `EXPR$${k.i}`));
    const grouping: GroupingContext = { inputEnv: { ...env, clause: 'GROUP BY' }, keys: keys.map((k) => k.rex), keyNames, aggs: [] };
    // OVER calls read the aggregate's output; their position is known once every aggregate is.
    const overs: OverContext = { offset: OVER_SENTINEL, calls: [] };
    const aggEnv: ExprEnv = { ...env, grouping };
    items = selectItems(q.items, { ...aggEnv, overs }, scope);
    const having = q.having === undefined ? undefined : problems.attempt(() => analyzeExpr(q.having!, { ...aggEnv, clause: 'HAVING' }));
    // Name an aggregate after the select item that is exactly it (Flink's plans show `COUNT(*) AS flights`).
    const taken = new Set(keyNames);
    for (const it of items) {
      const j = it.rex.kind === 'input' ? it.rex.index - keys.length : -1;
      const agg = grouping.aggs[j];
      if (agg !== undefined && agg.name.startsWith('EXPR$') && !taken.has(it.name)) {
        grouping.aggs[j] = { ...agg, name: it.name };
        taken.add(it.name);
      }
    }
    const fields: SqlColumn[] = [
      ...keys.map((k, i) => ({ name: keyNames[i]!, type: k.rex.type })),
      ...grouping.aggs.map((a) => ({ name: a.name, type: a.type })),
    ];
    const groupSpan = spanOver(groupBy.map((g) => g.span), q.span);
    rel = { kind: 'aggregate', input: rel, keys: grouping.keys, aggs: grouping.aggs, fields, span: groupSpan };
    if (having !== undefined) rel = { kind: 'filter', input: rel, condition: having, fields, span: q.having!.span };
    if (overs.calls.length > 0) {
      const offset = fields.length;
      const fix = (r: Rex) => mapInputs(r, (x) => (x.index >= OVER_SENTINEL ? inputRef(offset + x.index - OVER_SENTINEL, x.name, x.type) : x));
      items = items.map((it) => ({ ...it, rex: fix(it.rex) }));
      const overFields = [...fields, ...overs.calls.map((c) => ({ name: c.name, type: c.type }))];
      rel = { kind: 'over', input: rel, calls: overs.calls, fields: overFields, span: overs.calls[0]!.span };
    }
  } else {
    if (q.having !== undefined) problems.report(q.having.span, 'HAVING', 'HAVING needs GROUP BY or an aggregate.');
    const overs: OverContext = { offset: rel.fields.length, calls: [] };
    items = selectItems(q.items, { ...env, overs }, scope);
    if (overs.calls.length > 0) {
      const fields = [...rel.fields, ...overs.calls.map((c) => ({ name: c.name, type: c.type }))];
      rel = { kind: 'over', input: rel, calls: overs.calls, fields, span: overs.calls[0]!.span };
    }
  }
  const names = uniqueNames(items.map((i) => i.name));
  const fields: TableColumn[] = items.map((it, i) => ({ name: names[i]!, type: it.rex.type, ...(it.rex.kind === 'input' && scope.isInferred(it.rex.index) && !isAggregate ? { inferred: true } : {}) }));
  rel = { kind: 'project', input: rel, exprs: items.map((i) => i.rex), fields, span: q.span };
  if (q.distinct) {
    const keys = fields.map((f, i) => inputRef(i, f.name, f.type));
    rel = { kind: 'aggregate', input: rel, keys, aggs: [], fields, span: q.span, distinct: true };
  }
  if (q.orderBy !== undefined && q.orderBy.length > 0) {
    const outScope = new Scope([{ alias: '', fields: fields.map((f, i) => ({ name: f.name, type: f.type, index: i })) }]);
    const keys: SortKey[] = [];
    // Every ORDER BY is refused or planned by the planner; a key it cannot read in the output
    // (ORDER BY a column not selected) is left out rather than reported on its own.
    for (const o of q.orderBy) {
      const silent = new ProblemSink();
      const k = silent.attempt(() => analyzeExpr(o.expr, { scope: outScope, problems: silent, clause: 'ORDER BY' }));
      if (k !== undefined) keys.push({ expr: k, descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending });
    }
    rel = { kind: 'sort', input: rel, keys, fields, span: spanOver(q.orderBy.map((o) => o.span), q.span) };
  }
  return { rel, fields };
}

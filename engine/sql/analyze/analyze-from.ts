/**
 * The FROM clause: tables (inputs and WITH items), subqueries, window TVFs and joins, each
 * giving a `Rel` and the relations its names resolve in. Window TVFs are checked as Flink
 * checks them: the DESCRIPTOR column must be a time attribute, sizes positive day-time
 * intervals, a HOP size a multiple of its slide and a CUMULATE size a multiple of its step. Their
 * output is the input's columns as they are (a time attribute stays one, as Flink's
 * `SqlWindowTableFunction.inferRowType` keeps them) followed by `window_start`, `window_end`
 * TIMESTAMP(3) and `window_time`, the new time attribute.
 */
import type { FromItem, Query, TvfArg } from '../parse/ast.ts';
import type { Span } from '../problems.ts';
import { T, isTimeAttribute, withNullable, type SqlColumn } from '../types/sql-type.ts';
import { analyzeExpr } from './analyze-expr.ts';
import { andAll, conjuncts, inputRef, type Rex } from './rex.ts';
import type { QueryContext, TableColumn } from './query-context.ts';
import type { Rel, WindowSpec } from './rel.ts';
import { Scope, type ScopeRelation } from './scope.ts';

/** A FROM item's relational form and its visible relations (indexes into `rel.fields`). */
export interface FromResult {
  readonly rel: Rel;
  readonly relations: readonly ScopeRelation[];
}

/** Analyses a query (for subqueries); supplied by the query analyser. */
export type QueryAnalyzer = (q: Query) => { rel: Rel; fields: readonly TableColumn[] };

function relation(alias: string, fields: readonly TableColumn[], offset = 0): ScopeRelation {
  return { alias, fields: fields.map((f, i) => ({ name: f.name, type: f.type, index: offset + i, ...(f.inferred === true ? { inferred: true } : {}) })) };
}

function renamed(ctx: QueryContext, fields: readonly TableColumn[], aliases: readonly string[] | undefined, span: Span): TableColumn[] {
  if (aliases === undefined) return [...fields];
  if (aliases.length !== fields.length) return ctx.problems.fail(span, 'alias', `List of column aliases must have same degree as table; table has ${fields.length} columns, alias list has ${aliases.length}.`);
  return fields.map((f, i) => ({ ...f, name: aliases[i]! }));
}

/** The rel of a named table: an input becomes a scan, a WITH item its analysed rel. */
export function tableRel(ctx: QueryContext, name: string, span: Span): { rel: Rel; fields: readonly TableColumn[] } {
  const t = ctx.lookup(name, span);
  if ('rel' in t) return t;
  return { rel: { kind: 'scan', table: name, fields: t.columns, span }, fields: t.columns };
}

/** Analyses a FROM item. */
export function analyzeFrom(item: FromItem, ctx: QueryContext, analyzeQuery: QueryAnalyzer): FromResult {
  switch (item.kind) {
    case 'table': {
      const name = item.name.join('.');
      const t = tableRel(ctx, name, item.span);
      const fields = renamed(ctx, t.fields, item.columnAliases, item.span);
      const rel = item.columnAliases === undefined ? t.rel : project(t.rel, fields, item.span);
      return { rel, relations: [relation(item.alias ?? item.name[item.name.length - 1]!, fields)] };
    }
    case 'subquery': {
      const q = analyzeQuery(item.query);
      const fields = renamed(ctx, q.fields, item.columnAliases, item.span);
      const rel = item.columnAliases === undefined ? q.rel : project(q.rel, fields, item.span);
      return { rel, relations: [relation(item.alias ?? '', fields)] };
    }
    case 'tvf':
      return windowTvf(item, ctx);
    case 'join':
      return join(item, ctx, analyzeQuery);
    case 'unsupported':
      return ctx.problems.fail(item.span, item.construct, item.message);
  }
}

/** A projection renaming `rel`'s fields. */
function project(rel: Rel, fields: readonly SqlColumn[], span: Span): Rel {
  return { kind: 'project', input: rel, exprs: rel.fields.map((f, i) => inputRef(i, f.name, f.type)), fields, span };
}

const POSITIONAL: Record<WindowSpec['kind'], readonly string[]> = {
  TUMBLE: ['SIZE', 'OFFSET'],
  HOP: ['SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['STEP', 'SIZE', 'OFFSET'],
  SESSION: ['GAP'],
};

function tvfArgs(item: Extract<FromItem, { kind: 'tvf' }>, ctx: QueryContext): Map<string, number> {
  const names = POSITIONAL[item.fn];
  const out = new Map<string, number>();
  item.args.forEach((a: TvfArg, i) => {
    const name = a.name ?? names[i];
    const span = a.expr.span;
    if (name === undefined || !names.includes(name)) {
      ctx.problems.fail(span, item.fn, `${item.fn} takes ${names.length === 1 ? 'one interval' : `the intervals ${names.join(', ')}`}; remove the extra argument.`);
    }
    const lit = a.expr.kind === 'literal' ? a.expr.literal : undefined;
    if (a.expr.kind === 'unsupported') ctx.problems.fail(span, a.expr.construct, a.expr.message);
    if (lit === undefined || lit.type !== 'interval') return ctx.problems.fail(span, item.fn, `The ${name} of ${item.fn} must be an interval literal like INTERVAL '10' MINUTE.`);
    if (lit.yearMonth) return ctx.problems.fail(span, item.fn, `${item.fn} windows need a day-time interval (DAY, HOUR, MINUTE, SECOND); Flink does not support ${lit.text} here.`);
    if (name !== 'OFFSET' && lit.value <= 0) return ctx.problems.fail(span, item.fn, `The ${name} of ${item.fn} must be positive, got ${lit.text}.`);
    out.set(name, lit.value);
  });
  return out;
}

const WINDOW_COLUMNS: readonly string[] = ['window_start', 'window_end', 'window_time'];

function windowTvf(item: Extract<FromItem, { kind: 'tvf' }>, ctx: QueryContext): FromResult {
  const input = tableRel(ctx, item.table.name, item.table.span);
  const fields = input.fields;
  if (item.descriptor === undefined) return ctx.problems.fail(item.span, item.fn, `${item.fn} needs the time attribute: DESCRIPTOR(rowtime).`);
  const desc = item.descriptor;
  const timeIndex = fields.findIndex((f) => f.name === desc.name);
  if (timeIndex < 0) return ctx.problems.fail(desc.span, 'DESCRIPTOR', `Column '${desc.name}' not found in table '${item.table.name}'.`);
  // The TVF adds window_start, window_end and window_time: an input column of one of those names
  // makes Flink's DESCRIPTOR ambiguous (cascaded windows rename window_time first).
  if (WINDOW_COLUMNS.includes(desc.name)) {
    return ctx.problems.fail(desc.span, 'DESCRIPTOR', `Column '${desc.name}' is ambiguous: ${item.fn} adds a column of that name. Rename it in the input (${desc.name} AS t) and use DESCRIPTOR(t), as Flink requires.`);
  }
  const timeType = fields[timeIndex]!.type;
  if (!isTimeAttribute(timeType)) {
    return ctx.problems.fail(desc.span, 'DESCRIPTOR', `The window function requires the timecol is a time attribute type, but is ${timeType.kind}(${(timeType as { precision?: number }).precision ?? ''}). Use rowtime or a renamed window_time column.`);
  }
  const partitionKeys = item.partitionBy.map((p) => {
    const i = fields.findIndex((f) => f.name === p.name);
    return i >= 0 ? i : ctx.problems.fail(p.span, 'PARTITION BY', `Column '${p.name}' not found in table '${item.table.name}'.`);
  });
  if (partitionKeys.length > 0 && item.fn !== 'SESSION') ctx.problems.fail(item.span, 'PARTITION BY', `Only SESSION windows take PARTITION BY; ${item.fn} does not.`);
  const a = tvfArgs(item, ctx);
  const need = (n: string): number => a.get(n) ?? ctx.problems.fail(item.span, item.fn, `${item.fn} needs its ${n} interval.`);
  let window: WindowSpec;
  const base = { timeIndex, timeName: desc.name, partitionKeys };
  const offset = a.get('OFFSET');
  const withOffset = offset === undefined || offset === 0 ? {} : { offsetMs: offset };
  if (item.fn === 'TUMBLE') window = { kind: 'TUMBLE', sizeMs: need('SIZE'), ...withOffset, ...base };
  else if (item.fn === 'HOP') {
    const slide = need('SLIDE');
    const size = need('SIZE');
    if (size % slide !== 0) ctx.problems.fail(item.span, 'HOP', `HOP table function based aggregate requires size must be an integral multiple of slide, but got size ${size} ms and slide ${slide} ms.`);
    window = { kind: 'HOP', sizeMs: size, slideMs: slide, ...withOffset, ...base };
  } else if (item.fn === 'CUMULATE') {
    const step = need('STEP');
    const size = need('SIZE');
    if (size % step !== 0) ctx.problems.fail(item.span, 'CUMULATE', `CUMULATE table function based aggregate requires maxSize must be an integral multiple of step, but got maxSize ${size} ms and step ${step} ms.`);
    window = { kind: 'CUMULATE', sizeMs: size, stepMs: step, ...withOffset, ...base };
  } else window = { kind: 'SESSION', gapMs: need('GAP'), ...base };
  const timeKind = timeType.kind as 'TIMESTAMP' | 'TIMESTAMP_LTZ';
  const out: TableColumn[] = [
    ...fields,
    { name: 'window_start', type: T.timestamp(3, false) },
    { name: 'window_end', type: T.timestamp(3, false) },
    { name: 'window_time', type: { kind: timeKind, precision: 3, nullable: false, timeAttribute: 'ROWTIME' } },
  ];
  const rel: Rel = { kind: 'windowTvf', input: input.rel, window, fields: out, span: item.span };
  return { rel, relations: [relation(item.alias ?? '', out)] };
}

function join(item: Extract<FromItem, { kind: 'join' }>, ctx: QueryContext, analyzeQuery: QueryAnalyzer): FromResult {
  const left = analyzeFrom(item.left, ctx, analyzeQuery);
  const right = analyzeFrom(item.right, ctx, analyzeQuery);
  if (item.natural || item.using !== undefined) {
    return ctx.problems.fail(item.span, item.natural ? 'NATURAL JOIN' : 'USING', 'NATURAL joins and USING are not supported by the sql node; write the condition with ON l.k = r.k.');
  }
  const type = item.joinType === 'COMMA' || item.joinType === 'CROSS' ? 'INNER' : item.joinType;
  const nullLeft = type === 'RIGHT' || type === 'FULL';
  const nullRight = type === 'LEFT' || type === 'FULL';
  const n = left.rel.fields.length;
  const adjust = (rels: readonly ScopeRelation[], nullable: boolean, offset: number): ScopeRelation[] =>
    rels.map((r) => ({ alias: r.alias, fields: r.fields.map((f) => ({ ...f, index: f.index + offset, type: nullable ? withNullable(f.type, true) : f.type })) }));
  const relations = [...adjust(left.relations, nullLeft, 0), ...adjust(right.relations, nullRight, n)];
  const fields: SqlColumn[] = [
    ...left.rel.fields.map((f) => (nullLeft ? { ...f, type: withNullable(f.type, true) } : f)),
    ...right.rel.fields.map((f) => (nullRight ? { ...f, type: withNullable(f.type, true) } : f)),
  ];
  let condition: Rex | undefined;
  if (item.on !== undefined) {
    const scope = new Scope([...adjust(left.relations, false, 0), ...adjust(right.relations, false, n)]);
    const c = analyzeExpr(item.on, { scope, problems: ctx.problems, clause: 'ON' });
    if (c.type.kind !== 'BOOLEAN') ctx.problems.fail(item.on.span, 'ON', `The join condition must be a BOOLEAN, not ${c.type.kind}.`);
    condition = andAll(conjuncts(c));
  } else if (item.joinType !== 'COMMA' && item.joinType !== 'CROSS') {
    ctx.problems.fail(item.span, 'JOIN', `A ${item.joinType} JOIN needs an ON condition.`);
  }
  const rel: Rel = { kind: 'join', joinType: type, left: left.rel, right: right.rel, fields, span: item.span, ...(condition === undefined ? {} : { condition }) };
  return { rel, relations };
}

/**
 * Maps the relational form of a query onto Flink's streaming operators, bottom-up, keeping
 * every output row equal to the relational node's. Scans become sources; projections and
 * filters become Calcs, merged with each other and folded into the operator below them
 * (Flink's Calc merging); aggregates, Top-N, joins and window TVFs go to their own rules.
 * Whatever would make the result updating (non-windowed GROUP BY, regular joins, ORDER BY, OVER
 * aggregates, …) is refused with a problem at its span that names the windowed form to use.
 */
import type { Rel } from '../analyze/rel.ts';
import { conjuncts, inputRef, type Rex } from '../analyze/rex.ts';
import type { ProblemSink, Span } from '../problems.ts';
import { isTimeAttribute, withoutTimeAttribute, type SqlColumn } from '../types/sql-type.ts';
import { both, isIdentity, projectedFields, projectedWindow, substitute } from './calc-utils.ts';
import type { CalcNode, PlanNode, PlanWindow } from './logical-plan.ts';
import { planWindowAggregate } from './plan-aggregate.ts';
import { planJoin } from './plan-join.ts';
import { tryWindowTopN } from './plan-topn.ts';

/** Builds plan nodes with ids in creation order; shared by the planning rules. */
export class Planner {
  private nextId = 0;

  constructor(readonly problems: ProblemSink) {}

  /** A fresh node id. */
  id(): number {
    return this.nextId++;
  }

  /** Plans a relational node. @throws SqlAbort after reporting a refusal. */
  plan(rel: Rel): PlanNode {
    switch (rel.kind) {
      case 'scan':
        return { kind: 'source', id: this.id(), table: rel.table, fields: rel.fields, span: rel.span, rowtimeIndex: rel.fields.findIndex((f) => isTimeAttribute(f.type)) };
      case 'project': {
        const input = this.plan(rel.input);
        return this.calc(input, rel.exprs, undefined, rel.fields.map((f) => f.name), rel.span, rel.fields);
      }
      case 'filter':
        return this.filter(rel);
      case 'windowTvf': {
        const input = this.plan(rel.input);
        const window = this.window(rel.window, input, rel.span);
        const n = input.fields.length;
        const fields = rel.fields.map((f, i) => (i < n ? { name: f.name, type: input.fields[i]!.type } : f));
        const partitionKeys = rel.window.partitionKeys.map((k) => inputRef(k, input.fields[k]!.name, input.fields[k]!.type));
        return { kind: 'windowTableFunction', id: this.id(), input, window, partitionKeys, fields, span: rel.span, windowColumns: { window, start: n, end: n + 1, time: n + 2 } };
      }
      case 'aggregate':
        return planWindowAggregate(rel, this);
      case 'over':
        return this.problems.fail(rel.span, 'OVER', 'ROW_NUMBER() OVER (…) is only supported as a window Top-N: filter it in an outer query, e.g. SELECT * FROM (SELECT …, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY …) AS rn FROM …) WHERE rn <= 3.');
      case 'join':
        return planJoin(rel, [], this);
      case 'union': {
        const inputs = rel.inputs.map((r) => this.problems.attempt(() => this.plan(r)));
        if (inputs.some((i) => i === undefined)) return this.problems.fail(rel.span, 'UNION ALL', 'An input of the union cannot be planned (see the problems above).');
        const planned = inputs as PlanNode[];
        const fields = rel.fields.map((f, i) => (planned.every((p) => isTimeAttribute(p.fields[i]!.type)) ? f : { name: f.name, type: withoutTimeAttribute(f.type) }));
        return { kind: 'union', id: this.id(), inputs: planned, fields, span: rel.span };
      }
      case 'sort': {
        const first = rel.keys[0];
        const onTime = first !== undefined && !first.descending && isTimeAttribute(first.expr.type);
        return this.problems.fail(
          rel.span,
          'ORDER BY',
          onTime
            ? 'ORDER BY a time attribute (Flink\'s temporal sort) is not supported by the sql node; records already leave windows in event-time order.'
            : 'ORDER BY on a streaming query is only possible on a time attribute in Flink; to keep the first rows per window use a window Top-N (ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY …) <= N).',
        );
      }
    }
  }

  /** Checks a window's time attribute against the planned input and builds its plan form. */
  window(spec: Extract<Rel, { kind: 'windowTvf' }>['window'], input: PlanNode, span: Span): PlanWindow {
    const t = input.fields[spec.timeIndex];
    if (t === undefined || !isTimeAttribute(t.type)) {
      return this.problems.fail(span, 'DESCRIPTOR', `'${spec.timeName}' is no longer a time attribute at this point (a join or computation turned it into a plain timestamp); window on the input's rowtime instead.`);
    }
    const { kind, sizeMs, slideMs, stepMs, gapMs, offsetMs } = spec;
    return {
      kind,
      ...(sizeMs === undefined ? {} : { sizeMs }),
      ...(slideMs === undefined ? {} : { slideMs }),
      ...(stepMs === undefined ? {} : { stepMs }),
      ...(gapMs === undefined ? {} : { gapMs }),
      ...(offsetMs === undefined ? {} : { offsetMs }),
      timeAttribute: { index: spec.timeIndex, name: spec.timeName },
    };
  }

  private filter(rel: Extract<Rel, { kind: 'filter' }>): PlanNode {
    const topN = tryWindowTopN(rel, this);
    if (topN !== undefined) return topN;
    if (rel.input.kind === 'join' && rel.input.joinType === 'INNER') return planJoin(rel.input, conjuncts(rel.condition), this);
    const input = this.plan(rel.input);
    return this.calc(input, input.fields.map((f, i) => inputRef(i, f.name, f.type)), rel.condition, rel.fields.map((f) => f.name), rel.span, rel.fields);
  }

  /**
   * A Calc `projection` (+ `filter`, applied first) over `input`, merged into `input` when it
   * is a Calc or an operator with its own projection.
   */
  calc(input: PlanNode, projection: readonly Rex[], filter: Rex | undefined, names: readonly string[], span: Span, relFields?: readonly SqlColumn[]): PlanNode {
    const nullable = relFields?.map((f) => f.type.nullable);
    const fields = projectedFields(projection, names, input.fields, nullable);
    const windowColumns = projectedWindow(projection, input.windowColumns);
    const wc = windowColumns === undefined ? {} : { windowColumns };
    if (filter === undefined && isIdentity(projection, input.fields.length) && names.every((n, i) => n === input.fields[i]!.name)) return input;
    if (input.kind === 'calc' || input.kind === 'windowAggregate' || input.kind === 'windowTopN' || (filter === undefined && (input.kind === 'intervalJoin' || input.kind === 'windowJoin'))) {
      const merged = projection.map((p) => substitute(p, input.projection));
      const f = filter === undefined ? undefined : substitute(filter, input.projection);
      const base = { ...input, projection: merged, fields, span: spanUnion(input.span, span) };
      delete (base as { windowColumns?: unknown }).windowColumns;
      if (input.kind === 'calc') return { ...base, ...wc, ...(both(input.filter, f) === undefined ? {} : { filter: both(input.filter, f) }) } as CalcNode;
      if (input.kind === 'windowAggregate') return { ...base, ...wc, ...(both(input.having, f) === undefined ? {} : { having: both(input.having, f) }) } as PlanNode;
      if (input.kind === 'windowTopN') return { ...base, ...wc, ...(both(input.filter, f) === undefined ? {} : { filter: both(input.filter, f) }), outputRankNumber: merged.some((m) => usesRank(m, input.input.fields.length)) || usesRank(f, input.input.fields.length) } as PlanNode;
      return { ...base, ...wc } as PlanNode;
    }
    return { kind: 'calc', id: this.id(), input, projection, fields, span, ...(filter === undefined ? {} : { filter }), ...wc };
  }
}

function usesRank(rex: Rex | undefined, rankIndex: number): boolean {
  if (rex === undefined) return false;
  if (rex.kind === 'input') return rex.index === rankIndex;
  return rex.kind === 'call' && rex.operands.some((o) => usesRank(o, rankIndex));
}

/** The smallest span covering both. */
export function spanUnion(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  return { ...first, end: Math.max(a.end, b.end) };
}

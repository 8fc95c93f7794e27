/**
 * The window aggregation rule (Flink's StreamPhysicalWindowAggregateRule): an aggregate whose
 * input is a window TVF (through projections and filters) and whose GROUP BY contains both the
 * TVF's `window_start` and `window_end` becomes a WindowAggregate; `window_time` may be grouped
 * too and stays a time attribute. Anything else — no window TVF below, or a GROUP BY without
 * both window columns — is Flink's updating GroupAggregate and is refused, pointing to the
 * windowed form. Filters, keys and arguments must read the TVF's input columns (not the window
 * columns), so the operator can evaluate them before assigning windows.
 */
import type { AggCall, Rel } from '../analyze/rel.ts';
import { inputRef, inputsOf, type Rex } from '../analyze/rex.ts';
import type { SqlColumn } from '../types/sql-type.ts';
import { both, identity, substitute } from './calc-utils.ts';
import type { PlanAggregate, PlanNode, WindowAggregateNode } from './logical-plan.ts';
import type { Planner } from './planner.ts';

const SUGGESTION = 'aggregate per window instead: FROM TABLE(TUMBLE(TABLE <input>, DESCRIPTOR(rowtime), INTERVAL \'1\' HOUR)) GROUP BY window_start, window_end, …';

/** Follows projections and filters down from `rel`: its fields over the row of `base`, and the filters met. */
export function peel(rel: Rel): { base: Rel; mapping: Rex[]; filters: Rex[] } {
  let cur = rel;
  let mapping = identity(rel.fields);
  const filters: Rex[] = [];
  for (;;) {
    if (cur.kind === 'project') {
      const exprs = cur.exprs;
      mapping = mapping.map((m) => substitute(m, exprs));
      for (let i = 0; i < filters.length; i++) filters[i] = substitute(filters[i]!, exprs);
      cur = cur.input;
    } else if (cur.kind === 'filter') {
      filters.push(cur.condition);
      cur = cur.input;
    } else return { base: cur, mapping, filters };
  }
}

function toPlanAggregate(a: AggCall, args: Rex[]): PlanAggregate {
  if (a.fn === 'LISTAGG') {
    const sep = args[1];
    return { name: a.name, fn: a.fn, args: [args[0]!], distinct: a.distinct, type: a.type, separator: sep === undefined ? ',' : String(sep.kind === 'literal' ? sep.value : ',') };
  }
  return { name: a.name, fn: a.fn, args, distinct: a.distinct, type: a.type };
}

/** Plans an aggregate as a window aggregation, or refuses it. */
export function planWindowAggregate(rel: Extract<Rel, { kind: 'aggregate' }>, p: Planner): PlanNode {
  const problems = p.problems;
  const { base, mapping, filters } = peel(rel.input);
  if (base.kind !== 'windowTvf') {
    if (rel.distinct === true) {
      return problems.fail(rel.span, 'DISTINCT', 'SELECT DISTINCT without a window produces an updating result in Flink streaming, which the sql node does not support; deduplicate per window with a window Top-N (ROW_NUMBER() OVER (PARTITION BY window_start, window_end, <columns> ORDER BY rowtime) = 1).');
    }
    const what = rel.keys.length === 0 ? 'An aggregation without GROUP BY (a global aggregate)' : 'GROUP BY without a window';
    return problems.fail(rel.span, 'GROUP BY', `${what} produces an updating result in Flink streaming, which the sql node does not support; ${SUGGESTION}.`);
  }
  const n = base.input.fields.length;
  const keys = rel.keys.map((k) => substitute(k, mapping));
  const role = (k: Rex): 'start' | 'end' | 'time' | undefined =>
    k.kind !== 'input' ? undefined : k.index === n ? 'start' : k.index === n + 1 ? 'end' : k.index === n + 2 ? 'time' : undefined;
  const roles = keys.map(role);
  if (!roles.includes('start') || !roles.includes('end')) {
    return problems.fail(rel.span, 'GROUP BY', `A window aggregation must GROUP BY both window_start and window_end of the window TVF; without them it is an updating GROUP BY, which the sql node does not support.`);
  }
  const readsWindow = (r: Rex) => [...inputsOf(r)].some((i) => i >= n);
  const regular = keys.filter((_, i) => roles[i] === undefined);
  if (regular.some(readsWindow)) problems.fail(rel.span, 'GROUP BY', 'Group keys may only use window_start, window_end and window_time as they are, not in expressions; compute them in an outer query.');
  const args = rel.aggs.map((a) => a.args.map((x) => substitute(x, mapping)));
  args.forEach((xs, i) => {
    if (xs.some(readsWindow)) problems.fail(rel.aggs[i]!.span, rel.aggs[i]!.fn, 'Aggregate arguments may not read window_start, window_end or window_time; aggregate input columns.');
  });
  if (filters.some(readsWindow)) problems.fail(rel.span, 'WHERE', 'A filter on window_start, window_end or window_time before the aggregation is not supported; filter on rowtime, or in HAVING.');
  const input = p.plan(base.input);
  const window = p.window(base.window, input, base.span);
  const partitionKeys = base.window.partitionKeys.map((k) => inputRef(k, input.fields[k]!.name, input.fields[k]!.type));
  if (window.kind === 'SESSION') {
    for (const pk of partitionKeys) {
      if (!regular.some((k) => k.kind === 'input' && k.index === (pk as { index: number }).index)) {
        problems.fail(base.span, 'PARTITION BY', `SESSION window partitions must also be GROUP BY keys: add ${pk.kind === 'input' ? pk.name : 'it'} to the GROUP BY (Flink keeps sessions per group key).`);
      }
    }
  }
  const aggregates = rel.aggs.map((a, i) => toPlanAggregate(a, args[i]!));
  const nk = regular.length;
  const windowBase = nk + aggregates.length;
  const groupKeys = regular.map((k, i) => ({ name: k.kind === 'input' ? k.name : `$f${i}`, expr: k }));
  const aggRow: SqlColumn[] = [
    ...groupKeys.map((g) => ({ name: g.name, type: g.expr.type })),
    ...aggregates.map((a) => ({ name: a.name, type: a.type })),
    ...base.fields.slice(n),
  ];
  let r = 0;
  const projection = rel.fields.map((f, i) => {
    if (i >= keys.length) return inputRef(nk + (i - keys.length), f.name, f.type);
    const w = roles[i];
    const at = w === undefined ? r++ : windowBase + (w === 'start' ? 0 : w === 'end' ? 1 : 2);
    return inputRef(at, aggRow[at]!.name, aggRow[at]!.type);
  });
  const fields = rel.fields.map((f, i) => ({ name: f.name, type: roles[i] === 'time' ? aggRow[windowBase + 2]!.type : f.type }));
  const pos = (w: 'start' | 'end' | 'time') => roles.indexOf(w);
  const filter = both(undefined, filters.length === 0 ? undefined : filters.reduce((a, b) => both(a, b)!));
  const node: WindowAggregateNode = {
    kind: 'windowAggregate',
    id: p.id(),
    input,
    window,
    partitionKeys,
    groupKeys,
    aggregates,
    projection,
    fields,
    span: rel.span,
    windowColumns: { window, start: pos('start'), end: pos('end'), ...(pos('time') >= 0 ? { time: pos('time') } : {}) },
    ...(filter === undefined ? {} : { filter }),
  };
  return node;
}

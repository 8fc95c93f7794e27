/**
 * The window Top-N rule (Flink's window rank): a filter on `ROW_NUMBER() OVER (PARTITION BY
 * window_start, window_end [, keys] ORDER BY …)` — `rn <= N`, `rn < N`, `rn = N`, with an
 * optional lower bound — over a window aggregation or a window TVF becomes a WindowTopN that
 * keeps the ranks in range per window and partition. Other conditions of the filter are applied
 * to the ranked rows. A ROW_NUMBER over anything else, or without a bound on it, is Flink's
 * updating Top-N or an OVER aggregate and is refused.
 */
import type { Rel } from '../analyze/rel.ts';
import { andAll, conjuncts, type Rex } from '../analyze/rex.ts';
import { projectedFields, projectedWindow } from './calc-utils.ts';
import type { PlanNode, WindowTopNNode } from './logical-plan.ts';
import { peel } from './plan-aggregate.ts';
import type { Planner } from './planner.ts';

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** `rank op constant` from a conjunct, if it is one. */
function rankBound(c: Rex, rankIndex: number): { op: string; value: number } | undefined {
  if (c.kind !== 'call' || !(c.op in FLIP) || c.operands.length !== 2) return undefined;
  let [a, b] = c.operands as [Rex, Rex];
  let op = c.op;
  const unwrap = (x: Rex): Rex => (x.kind === 'call' && x.op === 'CAST' ? x.operands[0]! : x);
  a = unwrap(a);
  b = unwrap(b);
  if (b.kind === 'input' && b.index === rankIndex) {
    [a, b] = [b, a];
    op = FLIP[op]!;
  }
  if (a.kind !== 'input' || a.index !== rankIndex || b.kind !== 'literal' || b.value === null) return undefined;
  const v = Number(b.value);
  return Number.isInteger(v) ? { op, value: v } : undefined;
}

/** Plans `rel` as a window Top-N if it is one; `undefined` when no ROW_NUMBER is below it. */
export function tryWindowTopN(rel: Extract<Rel, { kind: 'filter' }>, p: Planner): PlanNode | undefined {
  const problems = p.problems;
  const { base, mapping, filters } = peel(rel);
  if (base.kind !== 'over') return undefined;
  if (base.calls.length !== 1) return problems.fail(base.span, 'OVER', 'Only one ROW_NUMBER() OVER (…) per query block is supported.');
  const over = base.calls[0]!;
  const rankIndex = base.input.fields.length;
  let rankStart = 1;
  let rankEnd: number | undefined;
  const rest: Rex[] = [];
  for (const c of filters.flatMap(conjuncts)) {
    const b = rankBound(c, rankIndex);
    if (b === undefined) rest.push(c);
    else if (b.op === '<=') rankEnd = Math.min(rankEnd ?? Infinity, b.value);
    else if (b.op === '<') rankEnd = Math.min(rankEnd ?? Infinity, b.value - 1);
    else if (b.op === '>=') rankStart = Math.max(rankStart, b.value);
    else if (b.op === '>') rankStart = Math.max(rankStart, b.value + 1);
    else {
      rankStart = Math.max(rankStart, b.value);
      rankEnd = Math.min(rankEnd ?? Infinity, b.value);
    }
  }
  if (rankEnd === undefined) {
    return problems.fail(rel.span, 'ROW_NUMBER', 'A Top-N needs an upper bound on the row number (WHERE rn <= N); without one ROW_NUMBER() OVER (…) is an OVER aggregate, which the sql node does not support.');
  }
  if (rankEnd < rankStart) return problems.fail(rel.span, 'ROW_NUMBER', `The row number range ${rankStart}..${rankEnd} is empty.`);
  if (over.hasFrame) return problems.fail(over.span, 'OVER', 'ROW_NUMBER() takes no window frame (ROWS/RANGE BETWEEN …).');
  if (over.orderBy.length === 0) return problems.fail(over.span, 'OVER', 'A Top-N needs ORDER BY in its OVER clause.');
  const input = p.plan(base.input);
  const wc = input.windowColumns;
  const isStart = (r: Rex) => r.kind === 'input' && r.index === wc?.start;
  const isEnd = (r: Rex) => r.kind === 'input' && r.index === wc?.end;
  if (wc === undefined || wc.start === undefined || wc.end === undefined || !over.partitionBy.some(isStart) || !over.partitionBy.some(isEnd)) {
    return problems.fail(
      over.span,
      'OVER',
      'A Top-N must PARTITION BY window_start and window_end of a window TVF or window aggregation; otherwise it is Flink\'s updating Top-N, which the sql node does not support.',
    );
  }
  const partitionKeys = over.partitionBy.filter((k) => !isStart(k) && !isEnd(k));
  const rankedFields = [...input.fields, { name: over.name, type: over.type }];
  const filter = andAll(rest);
  const projection = mapping;
  const fields = projectedFields(projection, rel.fields.map((f) => f.name), rankedFields);
  const uses = (r: Rex | undefined): boolean => r !== undefined && (r.kind === 'input' ? r.index === rankIndex : r.kind === 'call' && r.operands.some(uses));
  const windowColumns = projectedWindow(projection, wc);
  const node: WindowTopNNode = {
    kind: 'windowTopN',
    id: p.id(),
    input,
    windowStart: wc.start,
    windowEnd: wc.end,
    window: wc.window,
    partitionKeys,
    orderKeys: over.orderBy,
    rankStart,
    rankEnd,
    outputRankNumber: projection.some(uses) || uses(filter),
    projection,
    fields,
    span: rel.span,
    ...(filter === undefined ? {} : { filter }),
    ...(windowColumns === undefined ? {} : { windowColumns }),
  };
  return node;
}

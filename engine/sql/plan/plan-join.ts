/**
 * The join rules. A join whose two inputs carry the same window and whose condition equates
 * their window_start and window_end is a window join (Flink's WindowJoin). Otherwise, a join
 * whose condition bounds the left time attribute against the right one from both sides —
 * `l.rowtime BETWEEN r.rowtime - INTERVAL '1' HOUR AND r.rowtime`, or two comparisons — is an
 * interval join; the bounds are extracted as Flink's `IntervalJoinUtil` does: `l.t - r.t` must
 * lie within `[lower, upper]`, strict comparisons moving a bound by 1 ms. Other equalities
 * between the sides are the join keys, the rest a residual condition. Any other join is a
 * regular join, whose state grows without bound (and whose outer forms update) — refused.
 * Time attributes survive an inner interval join; an outer join's null side and both sides of
 * a window join become plain timestamps.
 */
import type { Rel } from '../analyze/rel.ts';
import { andAll, conjuncts, inputRef, inputsOf, mapInputs, type Rex } from '../analyze/rex.ts';
import { isTimeAttribute, withNullable, withoutTimeAttribute, type SqlColumn } from '../types/sql-type.ts';
import { identity } from './calc-utils.ts';
import type { PlanNode, PlanWindow } from './logical-plan.ts';
import type { Planner } from './planner.ts';

type Join = Extract<Rel, { kind: 'join' }>;
type Side = 'left' | 'right';

const SUGGESTION = "use an interval join (… ON l.k = r.k AND l.rowtime BETWEEN r.rowtime - INTERVAL '1' HOUR AND r.rowtime) or a window join (both sides window TVFs, joined on window_start and window_end)";

function sideOf(r: Rex, n: number): Side | 'both' | 'none' {
  const ins = [...inputsOf(r)];
  if (ins.length === 0) return 'none';
  if (ins.every((i) => i < n)) return 'left';
  if (ins.every((i) => i >= n)) return 'right';
  return 'both';
}

/** `ref(t) [± interval]` as the field and its offset in ms. */
function timeTerm(r: Rex): { index: number; offset: number } | undefined {
  if (r.kind === 'input') return { index: r.index, offset: 0 };
  if (r.kind === 'call' && r.op === 'CAST') return timeTerm(r.operands[0]!);
  if (r.kind === 'call' && (r.op === '+' || r.op === '-') && r.operands.length === 2) {
    const [a, b] = r.operands as [Rex, Rex];
    const lit = b.kind === 'literal' && b.type.kind === 'INTERVAL_DAY_TIME' ? Number(b.value) : undefined;
    const t = timeTerm(a);
    if (t !== undefined && lit !== undefined) return { index: t.index, offset: t.offset + (r.op === '+' ? lit : -lit) };
  }
  return undefined;
}

interface Bound {
  readonly left: number;
  readonly right: number;
  readonly lower?: number;
  readonly upper?: number;
}

/** A conjunct bounding `left.t - right.t`, if it is one. */
function timeBound(c: Rex, n: number, isTime: (i: number) => boolean): Bound | undefined {
  if (c.kind !== 'call' || !['<', '<=', '>', '>=', '='].includes(c.op)) return undefined;
  let a = timeTerm(c.operands[0]!);
  let b = timeTerm(c.operands[1]!);
  if (a === undefined || b === undefined) return undefined;
  let op = c.op;
  if (a.index >= n && b.index < n) {
    [a, b] = [b, a];
    op = op === '<' ? '>' : op === '<=' ? '>=' : op === '>' ? '<' : op === '>=' ? '<=' : op;
  }
  if (!(a.index < n && b.index >= n && isTime(a.index) && isTime(b.index))) return undefined;
  // a.t + a.off  op  b.t + b.off   ⇔   a.t - b.t  op  b.off - a.off
  const k = b.offset - a.offset;
  const base = { left: a.index, right: b.index - n };
  if (op === '>=') return { ...base, lower: k };
  if (op === '>') return { ...base, lower: k + 1 };
  if (op === '<=') return { ...base, upper: k };
  if (op === '<') return { ...base, upper: k - 1 };
  return { ...base, lower: k, upper: k };
}

function sameWindow(a: PlanWindow, b: PlanWindow): boolean {
  return a.kind === b.kind && a.sizeMs === b.sizeMs && a.slideMs === b.slideMs && a.stepMs === b.stepMs && a.gapMs === b.gapMs && a.offsetMs === b.offsetMs;
}

/** Plans a join (with `extra` conjuncts from a WHERE above an inner join). */
export function planJoin(rel: Join, extra: readonly Rex[], p: Planner): PlanNode {
  const problems = p.problems;
  const all = [...(rel.condition === undefined ? [] : conjuncts(rel.condition)), ...extra];
  const left = problems.attempt(() => p.plan(rel.left));
  const right = problems.attempt(() => p.plan(rel.right));
  if (left === undefined || right === undefined) return problems.fail(rel.span, 'JOIN', 'An input of the join cannot be planned (see the problems above).');
  if (all.length === 0) return problems.fail(rel.span, 'JOIN', `A join without a condition (cross join) is a regular join, which the sql node does not support; ${SUGGESTION}.`);
  const n = left.fields.length;
  const keys: { l: Rex; r: Rex; c: Rex }[] = [];
  const others: Rex[] = [];
  for (const c of all) {
    if (c.kind === 'call' && c.op === '=' && c.operands.length === 2) {
      const [a, b] = c.operands as [Rex, Rex];
      const sa = sideOf(a, n);
      const sb = sideOf(b, n);
      if (sa === 'left' && sb === 'right') keys.push({ l: a, r: b, c });
      else if (sa === 'right' && sb === 'left') keys.push({ l: b, r: a, c });
      else others.push(c);
    } else others.push(c);
  }
  const shift = (r: Rex) => mapInputs(r, (x) => inputRef(x.index - n, x.name, x.type));
  const lw = left.windowColumns;
  const rw = right.windowColumns;
  const isRef = (r: Rex, i: number | undefined) => r.kind === 'input' && i !== undefined && r.index === i;
  const startKey = keys.find((k) => isRef(k.l, lw?.start) && isRef(k.r, rw?.start === undefined ? undefined : rw.start + n));
  const endKey = keys.find((k) => isRef(k.l, lw?.end) && isRef(k.r, rw?.end === undefined ? undefined : rw.end + n));
  const nullLeft = rel.joinType === 'RIGHT' || rel.joinType === 'FULL';
  const nullRight = rel.joinType === 'LEFT' || rel.joinType === 'FULL';
  const plain = (f: SqlColumn) => ({ name: f.name, type: withoutTimeAttribute(f.type) });
  if (lw !== undefined && rw !== undefined && startKey !== undefined && endKey !== undefined) {
    if (!sameWindow(lw.window, rw.window)) return problems.fail(rel.span, 'window join', 'A window join needs the same window (kind and sizes) on both inputs.');
    const rest = keys.filter((k) => k !== startKey && k !== endKey);
    const residual = andAll(others);
    const fields = rel.fields.map(plain);
    return {
      kind: 'windowJoin',
      id: p.id(),
      joinType: rel.joinType,
      left,
      right,
      window: lw.window,
      leftWindow: { start: lw.start!, end: lw.end! },
      rightWindow: { start: rw.start!, end: rw.end! },
      leftKeys: rest.map((k) => k.l),
      rightKeys: rest.map((k) => shift(k.r)),
      projection: identity(fields),
      fields,
      span: rel.span,
      ...(residual === undefined ? {} : { residual }),
    };
  }
  const isTime = (i: number) => isTimeAttribute(i < n ? left.fields[i]!.type : right.fields[i - n]!.type);
  const bounds = new Map<string, { left: number; right: number; lower?: number; upper?: number; conds: Rex[] }>();
  for (const c of others) {
    const b = timeBound(c, n, isTime);
    if (b === undefined) continue;
    const key = `${b.left}:${b.right}`;
    const cur = bounds.get(key) ?? { left: b.left, right: b.right, conds: [] };
    if (b.lower !== undefined) cur.lower = Math.max(cur.lower ?? -Infinity, b.lower);
    if (b.upper !== undefined) cur.upper = Math.min(cur.upper ?? Infinity, b.upper);
    cur.conds.push(c);
    bounds.set(key, cur);
  }
  const found = [...bounds.values()].find((b) => b.lower !== undefined && b.upper !== undefined);
  if (found === undefined) {
    return problems.fail(rel.span, 'regular join', `A join without time bounds between the inputs' time attributes is a regular join, whose state grows without bound${rel.joinType === 'INNER' ? '' : ' and whose outer form produces updates'}; the sql node does not support it: ${SUGGESTION}.`);
  }
  const residual = andAll(others.filter((c) => !found.conds.includes(c)));
  const fields = rel.fields.map((f, i) => {
    const planned = i < n ? left.fields[i]! : right.fields[i - n]!;
    return (i < n ? nullLeft : nullRight) ? plain(f) : { name: f.name, type: withNullable(planned.type, f.type.nullable) };
  });
  return {
    kind: 'intervalJoin',
    id: p.id(),
    joinType: rel.joinType,
    left,
    right,
    leftKeys: keys.map((k) => k.l),
    rightKeys: keys.map((k) => shift(k.r)),
    bounds: { leftTimeIndex: found.left, rightTimeIndex: found.right, lowerMs: found.lower!, upperMs: found.upper! },
    projection: identity(fields),
    fields,
    span: rel.span,
    ...(residual === undefined ? {} : { residual }),
  };
}

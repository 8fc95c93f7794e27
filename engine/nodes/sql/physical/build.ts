/**
 * The physical plan of a sql node: one physical operator per plan node (the mapping below), wired
 * as the plan's tree with rows pushed from the inputs to the output:
 *
 * | plan node                          | physical operator                                   |
 * | ---------------------------------- | --------------------------------------------------- |
 * | Source (an input table)            | `TableReader`: record → row, only the columns read   |
 * | Calc                               | `calc.ts` (WHERE + projection)                       |
 * | WindowTableFunction TUMBLE/HOP/CUMULATE | `window-tvf.ts` (window columns appended)       |
 * | WindowTableFunction SESSION        | `session-tvf.ts` (rows kept per session)             |
 * | WindowAggregate TUMBLE/HOP/CUMULATE | `window-aggregate.ts`                               |
 * | WindowAggregate SESSION            | `session-aggregate.ts`                               |
 * | WindowTopN                         | `window-topn.ts` (Top-N and deduplication)          |
 * | IntervalJoin                       | `interval-join.ts` (watermark held back)            |
 * | WindowJoin                         | `window-join.ts`                                    |
 * | Union                              | `union.ts`                                          |
 *
 * Timed operators (windows, Top-N, joins, SESSION TVF) get their watermark delay — that of the
 * interval joins below them — and their timers from `SqlTimers`, in topological order. An
 * operator that keeps state gets an output that restores its current key after the rows it
 * emits have run downstream (where other operators set theirs).
 */
import type { KeyedStateBackend } from '../../../runtime/state/keyed-state.ts';
import type { InternalTimerService } from '../../../runtime/state/event-timers.ts';
import type { LogicalPlan, PlanNode, SourceNode } from '../../../sql/index.ts';
import { calcOp } from './calc.ts';
import type { InputFate } from './fate.ts';
import { intervalJoinOp } from './interval-join.ts';
import { neededFields } from './needed.ts';
import type { Emit, OpEnv, PhysicalOp, TimedPhysicalOp } from './op.ts';
import { sessionAggregateOp } from './session-aggregate.ts';
import { sessionTvfOp } from './session-tvf.ts';
import { TableReader } from './table-reader.ts';
import { SqlTimers } from './timers.ts';
import { unionOp } from './union.ts';
import { windowAggregateOp } from './window-aggregate.ts';
import { windowJoinOp } from './window-join.ts';
import { windowTopNOp } from './window-topn.ts';
import { alignedTvfOp } from './window-tvf.ts';

/** Where the records of one input port go. */
export interface TableInput {
  reader: TableReader;
  /** One per place the table is read in the query (a self-join reads it twice). */
  targets: Emit[];
}

export interface PhysicalPlan {
  /** By input port (table name); a port the query does not read has none. */
  inputs: Map<string, TableInput>;
  timers: SqlTimers;
  /** Timed operators by plan node id (their non-keyed state is checkpointed). */
  timed: Map<number, TimedPhysicalOp>;
  /** How far the node's output watermark lags its input watermark (ms). */
  outputDelay: number;
}

const isTimed = (n: PlanNode): boolean =>
  n.kind === 'windowAggregate' || n.kind === 'windowTopN' || n.kind === 'intervalJoin' || n.kind === 'windowJoin' || (n.kind === 'windowTableFunction' && n.window.kind === 'SESSION');

const childrenOf = (n: PlanNode): readonly PlanNode[] => {
  switch (n.kind) {
    case 'source':
      return [];
    case 'intervalJoin':
    case 'windowJoin':
      return [n.left, n.right];
    case 'union':
      return n.inputs;
    default:
      return [n.input];
  }
};

/** `max(-lower, upper)`: how far an interval join holds back its watermark (Flink's `getMaxOutputDelay`). */
const outputDelayOf = (n: PlanNode): number => (n.kind === 'intervalJoin' ? Math.max(-n.bounds.lowerMs, n.bounds.upperMs) : 0);

/**
 * Builds the operators of `plan` on the node's state and timers; rows reaching the top go to
 * `output`.
 */
export function buildPhysicalPlan(plan: LogicalPlan, state: KeyedStateBackend, service: InternalTimerService, fate: InputFate, output: Emit): PhysicalPlan {
  // Input watermark delay of every node, and the timed nodes in topological order (post-order).
  const delays = new Map<number, number>();
  const order: PlanNode[] = [];
  const walk = (n: PlanNode): number => {
    let delay = 0;
    for (const c of childrenOf(n)) delay = Math.max(delay, walk(c) + outputDelayOf(c));
    delays.set(n.id, delay);
    if (isTimed(n)) order.push(n);
    return delay;
  };
  const rootDelay = walk(plan.root);
  const timers = new SqlTimers(service, order.map((n) => delays.get(n.id) as number));
  const timedIndex = new Map(order.map((n, i) => [n.id, i]));
  const needed = neededFields(plan.root);
  const inputs = new Map<string, TableInput>();
  const timed = new Map<number, TimedPhysicalOp>();
  const sources: { node: SourceNode; emit: Emit }[] = [];

  const envFor = (n: PlanNode): OpEnv => ({ state, fate, timers: () => timers.forOp(timedIndex.get(n.id) as number) });
  const into = (op: PhysicalOp, side: number): Emit => (row, ts) => op.process(row, ts, side);
  /** The output of a keyed operator: its current key survives what runs downstream. */
  const keyed = (emit: Emit): Emit => (row, ts) => {
    const key = state.getCurrentKey();
    emit(row, ts);
    state.setCurrentKey(key);
  };

  const build = (n: PlanNode, emit: Emit): void => {
    const delay = delays.get(n.id) as number;
    let op: PhysicalOp;
    switch (n.kind) {
      case 'source':
        sources.push({ node: n, emit });
        return;
      case 'calc':
        op = calcOp(n, envFor(n), needed.get(n.id) ?? new Set(), emit);
        break;
      case 'windowTableFunction':
        op = n.window.kind === 'SESSION' ? sessionTvfOp(n, envFor(n), delay, keyed(emit)) : alignedTvfOp(n, emit);
        break;
      case 'windowAggregate':
        op = (n.window.kind === 'SESSION' ? sessionAggregateOp : windowAggregateOp)(n, envFor(n), delay, keyed(emit));
        break;
      case 'windowTopN':
        op = windowTopNOp(n, envFor(n), delay, keyed(emit));
        break;
      case 'intervalJoin':
        op = intervalJoinOp(n, envFor(n), delay, keyed(emit));
        break;
      case 'windowJoin':
        op = windowJoinOp(n, envFor(n), delay, keyed(emit));
        break;
      case 'union':
        op = unionOp(emit);
        break;
    }
    if (isTimed(n)) timed.set(n.id, op as TimedPhysicalOp);
    childrenOf(n).forEach((c, side) => build(c, into(op, n.kind === 'union' ? 0 : side)));
  };
  build(plan.root, output);
  timers.attach(order.map((n) => timed.get(n.id) as TimedPhysicalOp));

  // One reader per table, decoding the columns any of its reads needs.
  const byTable = new Map<string, { node: SourceNode; emit: Emit }[]>();
  for (const s of sources) byTable.set(s.node.table, [...(byTable.get(s.node.table) ?? []), s]);
  for (const [table, reads] of byTable) {
    const first = (reads[0] as { node: SourceNode }).node;
    const columns = new Set<number>();
    for (const r of reads) for (const i of needed.get(r.node.id) ?? []) columns.add(i);
    inputs.set(table, { reader: new TableReader(first.fields, first.rowtimeIndex, columns), targets: reads.map((r) => r.emit) });
  }
  return { inputs, timers, timed, outputDelay: rootDelay + outputDelayOf(plan.root) };
}

/**
 * The logical plan of a sql node: a tree of streaming operators as Flink's optimizer would pick
 * them (StreamPhysicalCalc, WindowTableFunction, WindowAggregate, WindowRank, IntervalJoin,
 * WindowJoin, Union), every one append-only. Plain serialisable data: expressions are `Rex`
 * trees over the node's input row (compile them with `compileExpression`), types are `SqlType`,
 * durations are milliseconds, and each node keeps the span of the SQL it came from, so the
 * operator builder and the Flink exporter can each read what they need.
 *
 * Row layouts (field positions the expressions read):
 * - every node's output row is its `fields`, in order;
 * - WindowAggregate: `filter`, `groupKeys`, aggregate `args` and session `partitionKeys` read the
 *   input row; `having` and `projection` read the aggregate row
 *   `[...groupKeys, ...aggregates, window_start, window_end, window_time]` (Flink's order);
 * - WindowTopN: `partitionKeys` and `orderKeys` read the input row; `projection` reads
 *   `[...input fields, rank number]`;
 * - joins: `leftKeys` read the left row, `rightKeys` the right row, `residual` and `projection`
 *   read `[...left fields, ...right fields]` (the null side's fields are NULL in outer-join rows).
 */
import type { Rex } from '../analyze/rex.ts';
import type { SortKey } from '../analyze/rel.ts';
import type { Span } from '../problems.ts';
import type { SqlColumn, SqlType } from '../types/sql-type.ts';

/** A window as the window operators need it (Flink's `WindowSpec` + time attribute). */
export interface PlanWindow {
  readonly kind: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
  readonly sizeMs?: number;
  readonly slideMs?: number;
  readonly stepMs?: number;
  readonly gapMs?: number;
  /** Alignment offset from the epoch; absent when 0. */
  readonly offsetMs?: number;
  /** The time attribute the window is assigned by: its position and name in the input row. */
  readonly timeAttribute: { readonly index: number; readonly name: string };
}

/** An aggregate call of a window aggregation. */
export interface PlanAggregate {
  readonly name: string;
  readonly fn: 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'FIRST_VALUE' | 'LAST_VALUE' | 'LISTAGG';
  /** Argument expressions over the input row; empty for COUNT(*). */
  readonly args: readonly Rex[];
  readonly distinct: boolean;
  /** LISTAGG's separator (`,` when not given). */
  readonly separator?: string;
  readonly type: SqlType;
}

/** Where a node's output carries window columns (Flink's window properties). */
export interface WindowColumns {
  readonly window: PlanWindow;
  readonly start?: number;
  readonly end?: number;
  readonly time?: number;
}

interface NodeBase {
  /** Position of the node in a depth-first walk (ids are stable for one compile). */
  readonly id: number;
  readonly fields: readonly SqlColumn[];
  /** The SQL this node came from. */
  readonly span: Span;
  /** Window columns of the output, when it has them. */
  readonly windowColumns?: WindowColumns;
}

/** An input of the node (a table named by its upstream node id). */
export interface SourceNode extends NodeBase {
  readonly kind: 'source';
  readonly table: string;
  /** Position of `rowtime`, the record's event time. */
  readonly rowtimeIndex: number;
}

/** Stateless projection and filter (Flink's Calc). */
export interface CalcNode extends NodeBase {
  readonly kind: 'calc';
  readonly input: PlanNode;
  readonly filter?: Rex;
  readonly projection: readonly Rex[];
}

/** Assigns each record to its windows, adding window_start, window_end, window_time. */
export interface WindowTableFunctionNode extends NodeBase {
  readonly kind: 'windowTableFunction';
  readonly input: PlanNode;
  readonly window: PlanWindow;
  /** SESSION: PARTITION BY expressions over the input row. */
  readonly partitionKeys: readonly Rex[];
}

/** A window aggregation, emitted when the watermark passes a window's end. */
export interface WindowAggregateNode extends NodeBase {
  readonly kind: 'windowAggregate';
  readonly input: PlanNode;
  readonly window: PlanWindow;
  /** SESSION: sessions are kept per group key; these are the PARTITION BY expressions. */
  readonly partitionKeys: readonly Rex[];
  readonly filter?: Rex;
  readonly groupKeys: readonly { readonly name: string; readonly expr: Rex }[];
  readonly aggregates: readonly PlanAggregate[];
  readonly having?: Rex;
  readonly projection: readonly Rex[];
}

/** Top-N rows per window and partition (Flink's WindowRank), emitted at the window's end. */
export interface WindowTopNNode extends NodeBase {
  readonly kind: 'windowTopN';
  readonly input: PlanNode;
  /** Positions of window_start and window_end in the input row. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly window: PlanWindow;
  /** PARTITION BY expressions besides window_start and window_end. */
  readonly partitionKeys: readonly Rex[];
  readonly orderKeys: readonly SortKey[];
  /** Ranks kept: rankStart ≤ ROW_NUMBER ≤ rankEnd (rankStart is 1 for `rn <= N`). */
  readonly rankStart: number;
  readonly rankEnd: number;
  /** True when the projection reads the rank number. */
  readonly outputRankNumber: boolean;
  readonly filter?: Rex;
  readonly projection: readonly Rex[];
}

/** Joins records whose times are within bounds of each other. */
export interface IntervalJoinNode extends NodeBase {
  readonly kind: 'intervalJoin';
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly leftKeys: readonly Rex[];
  readonly rightKeys: readonly Rex[];
  /**
   * `left.time - right.time` must be within `[lowerMs, upperMs]`, both inclusive (strict bounds
   * are moved by 1 ms, as Flink's IntervalJoinUtil does).
   */
  readonly bounds: {
    readonly leftTimeIndex: number;
    readonly rightTimeIndex: number;
    readonly lowerMs: number;
    readonly upperMs: number;
  };
  readonly residual?: Rex;
  readonly projection: readonly Rex[];
}

/** Joins rows of the same window (both inputs windowed alike). */
export interface WindowJoinNode extends NodeBase {
  readonly kind: 'windowJoin';
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly window: PlanWindow;
  readonly leftWindow: { readonly start: number; readonly end: number };
  readonly rightWindow: { readonly start: number; readonly end: number };
  readonly leftKeys: readonly Rex[];
  readonly rightKeys: readonly Rex[];
  readonly residual?: Rex;
  readonly projection: readonly Rex[];
}

/** UNION ALL: records of every input, watermark the minimum. */
export interface UnionNode extends NodeBase {
  readonly kind: 'union';
  readonly inputs: readonly PlanNode[];
}

/** A node of the plan. */
export type PlanNode =
  | SourceNode
  | CalcNode
  | WindowTableFunctionNode
  | WindowAggregateNode
  | WindowTopNNode
  | IntervalJoinNode
  | WindowJoinNode
  | UnionNode;

/** A compiled query: the original text, the operator tree and the output schema. */
export interface LogicalPlan {
  readonly query: string;
  readonly root: PlanNode;
  readonly output: readonly SqlColumn[];
}

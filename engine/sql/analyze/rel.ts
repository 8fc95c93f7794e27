/**
 * The relational form of an analysed query (Calcite's logical `RelNode`s): every node lists its
 * output fields with their types, holds `Rex` expressions over its input's fields by position,
 * and keeps the span of the SQL it came from. The planner (`plan/`) matches these trees onto
 * the streaming operators Flink would use, or refuses them.
 */
import type { Span } from '../problems.ts';
import type { SqlColumn, SqlType } from '../types/sql-type.ts';
import type { Rex } from './rex.ts';

/** A window TVF's kind and sizes in milliseconds (Flink's `WindowSpec`). */
export interface WindowSpec {
  readonly kind: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
  /** TUMBLE/HOP/CUMULATE: window size. */
  readonly sizeMs?: number;
  /** HOP: slide. */
  readonly slideMs?: number;
  /** CUMULATE: step. */
  readonly stepMs?: number;
  /** SESSION: gap. */
  readonly gapMs?: number;
  /** TUMBLE/HOP/CUMULATE: offset of the window alignment from the epoch (0 unless given). */
  readonly offsetMs?: number;
  /** Position and name of the time attribute in the TVF's input row (the DESCRIPTOR column). */
  readonly timeIndex: number;
  readonly timeName: string;
  /** SESSION: PARTITION BY columns of the input row. */
  readonly partitionKeys: readonly number[];
}

/** An aggregate call (`COUNT(DISTINCT x)`, `LISTAGG(s, ';')`) over the aggregate's input. */
export interface AggCall {
  readonly fn: 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'FIRST_VALUE' | 'LAST_VALUE' | 'LISTAGG';
  readonly args: readonly Rex[];
  readonly distinct: boolean;
  readonly type: SqlType;
  readonly name: string;
  readonly span: Span;
}

/** An ORDER BY key. */
export interface SortKey {
  readonly expr: Rex;
  readonly descending: boolean;
  /** Flink's default: NULLS FIRST for ASC, NULLS LAST for DESC. */
  readonly nullsFirst: boolean;
}

/** A ranking call `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)`. */
export interface OverCall {
  readonly fn: string;
  readonly partitionBy: readonly Rex[];
  readonly orderBy: readonly SortKey[];
  readonly hasFrame: boolean;
  readonly type: SqlType;
  readonly name: string;
  readonly span: Span;
}

/** A relational operator. */
export type Rel =
  | { readonly kind: 'scan'; readonly table: string; readonly fields: readonly SqlColumn[]; readonly span: Span }
  | { readonly kind: 'project'; readonly input: Rel; readonly exprs: readonly Rex[]; readonly fields: readonly SqlColumn[]; readonly span: Span }
  | { readonly kind: 'filter'; readonly input: Rel; readonly condition: Rex; readonly fields: readonly SqlColumn[]; readonly span: Span }
  /** Output: the input's fields, then window_start, window_end, window_time. */
  | { readonly kind: 'windowTvf'; readonly input: Rel; readonly window: WindowSpec; readonly fields: readonly SqlColumn[]; readonly span: Span }
  /** Output: the group keys, then the aggregates. `span` is the GROUP BY clause (or the SELECT). */
  | {
      readonly kind: 'aggregate';
      readonly input: Rel;
      readonly keys: readonly Rex[];
      readonly aggs: readonly AggCall[];
      readonly fields: readonly SqlColumn[];
      readonly span: Span;
      /** Set when the aggregate is a SELECT DISTINCT. */
      readonly distinct?: true;
    }
  /** Output: the input's fields, then one per OVER call. */
  | { readonly kind: 'over'; readonly input: Rel; readonly calls: readonly OverCall[]; readonly fields: readonly SqlColumn[]; readonly span: Span }
  /** Output: the left fields, then the right fields; `condition` reads that combined row. */
  | {
      readonly kind: 'join';
      readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
      readonly left: Rel;
      readonly right: Rel;
      readonly condition?: Rex;
      readonly fields: readonly SqlColumn[];
      readonly span: Span;
    }
  | { readonly kind: 'union'; readonly inputs: readonly Rel[]; readonly fields: readonly SqlColumn[]; readonly span: Span }
  /** ORDER BY; kept so the planner can refuse it (or accept a time-ordered sort) in place. */
  | { readonly kind: 'sort'; readonly input: Rel; readonly keys: readonly SortKey[]; readonly fields: readonly SqlColumn[]; readonly span: Span };

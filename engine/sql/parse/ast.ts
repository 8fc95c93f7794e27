/**
 * The abstract syntax of a query, independent of dt-sql-parser's parse tree: what the user
 * wrote, with every node's span in the query text. Names keep their case (Flink's identifiers
 * are case-sensitive); function names and keywords are upper-cased. Constructs we recognise
 * but do not support become `unsupported` nodes, so analysis can report them in place.
 */
import type { Span } from '../problems.ts';
import type { SqlType } from '../types/sql-type.ts';

/** A literal as written; numbers keep their text so DECIMAL precision is exact. */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'exact'; readonly text: string }
  | { readonly type: 'approx'; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'binary'; readonly hex: string }
  | { readonly type: 'date' | 'time' | 'timestamp'; readonly text: string }
  /** `INTERVAL '…' unit [TO unit]`: `value` in milliseconds (day-time) or months (year-month). */
  | { readonly type: 'interval'; readonly yearMonth: boolean; readonly value: number; readonly text: string };

/** `{ NULL | ERROR | DEFAULT expr } ON EMPTY|ERROR` of JSON_VALUE. */
export interface JsonBehavior {
  readonly behavior: 'NULL' | 'ERROR' | 'DEFAULT';
  readonly value?: Expr;
}

/** Extras a few calls carry beyond their arguments. */
export interface CallOptions {
  /** TRIM's mode; its arguments are `[chars, string]` or `[string]`. */
  readonly trimMode?: 'BOTH' | 'LEADING' | 'TRAILING';
  readonly jsonReturning?: SqlType;
  readonly jsonOnEmpty?: JsonBehavior;
  readonly jsonOnError?: JsonBehavior;
}

/** An ORDER BY item. */
export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
  /** Explicit NULLS FIRST/LAST, if written. */
  readonly nullsFirst?: boolean;
  readonly span: Span;
}

/** A scalar or aggregate expression. */
export type Expr =
  | { readonly kind: 'column'; readonly names: readonly string[]; readonly span: Span }
  | { readonly kind: 'literal'; readonly literal: Literal; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'NOT'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      /** `COUNT(*)`. */
      readonly star: boolean;
      readonly options?: CallOptions;
      readonly span: Span;
      readonly nameSpan: Span;
    }
  /** A time unit keyword used as an argument: `TIMESTAMPADD(HOUR, …)`, `FLOOR(x TO DAY)`. */
  | { readonly kind: 'timeUnit'; readonly unit: string; readonly span: Span }
  | {
      readonly kind: 'case';
      readonly operand?: Expr;
      readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
      readonly otherwise?: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'cast'; readonly expr: Expr; readonly target: SqlType; readonly tryCast: boolean; readonly span: Span; readonly typeSpan: Span }
  | { readonly kind: 'between'; readonly expr: Expr; readonly low: Expr; readonly high: Expr; readonly not: boolean; readonly symmetric: boolean; readonly span: Span }
  | { readonly kind: 'in'; readonly expr: Expr; readonly list: readonly Expr[]; readonly not: boolean; readonly span: Span }
  | { readonly kind: 'like'; readonly expr: Expr; readonly pattern: Expr; readonly escape?: string; readonly not: boolean; readonly span: Span; readonly escapeSpan?: Span }
  | { readonly kind: 'is'; readonly expr: Expr; readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN'; readonly not: boolean; readonly span: Span }
  | { readonly kind: 'isDistinct'; readonly left: Expr; readonly right: Expr; readonly not: boolean; readonly span: Span }
  | { readonly kind: 'extract'; readonly unit: string; readonly expr: Expr; readonly span: Span; readonly unitSpan: Span }
  | { readonly kind: 'position'; readonly needle: Expr; readonly haystack: Expr; readonly span: Span }
  | { readonly kind: 'subscript'; readonly expr: Expr; readonly index: Expr; readonly span: Span }
  | {
      readonly kind: 'over';
      readonly call: Expr;
      readonly partitionBy: readonly Expr[];
      readonly orderBy: readonly OrderItem[];
      readonly hasFrame: boolean;
      readonly span: Span;
    }
  | { readonly kind: 'unsupported'; readonly construct: string; readonly message: string; readonly span: Span };

/** A SELECT list item. */
export type SelectItem =
  | { readonly kind: 'star'; readonly qualifier?: readonly string[]; readonly span: Span }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly alias?: string; readonly span: Span };

/** A name with its place, as in `DESCRIPTOR(rowtime)` or `PARTITION BY item`. */
export interface NameRef {
  readonly name: string;
  readonly span: Span;
}

/** A window TVF argument: positional, or named as `SIZE => INTERVAL '1' HOUR`. */
export interface TvfArg {
  readonly name?: string;
  readonly expr: Expr;
}

/** An item of the FROM clause. */
export type FromItem =
  | { readonly kind: 'table'; readonly name: readonly string[]; readonly alias?: string; readonly columnAliases?: readonly string[]; readonly span: Span }
  | { readonly kind: 'subquery'; readonly query: Query; readonly alias?: string; readonly columnAliases?: readonly string[]; readonly span: Span }
  | {
      readonly kind: 'tvf';
      readonly fn: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
      readonly table: NameRef;
      readonly partitionBy: readonly NameRef[];
      readonly descriptor?: NameRef;
      readonly args: readonly TvfArg[];
      readonly alias?: string;
      readonly span: Span;
    }
  | {
      readonly kind: 'join';
      /** `COMMA` is `FROM a, b` (a cross join whose WHERE may hold the join condition). */
      readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA';
      readonly natural: boolean;
      readonly left: FromItem;
      readonly right: FromItem;
      readonly on?: Expr;
      readonly using?: readonly NameRef[];
      readonly span: Span;
    }
  | { readonly kind: 'unsupported'; readonly construct: string; readonly message: string; readonly span: Span };

/** A GROUP BY item: an expression, or a construct we refuse (grouping sets, group windows). */
export type GroupItem = Expr;

/** One `name [(columns)] AS (query)` of a WITH clause. */
export interface WithItem {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  readonly span: Span;
}

/** A query. */
export type Query =
  | {
      readonly kind: 'select';
      readonly distinct: boolean;
      readonly items: readonly SelectItem[];
      readonly from?: FromItem;
      readonly where?: Expr;
      readonly groupBy?: readonly GroupItem[];
      readonly having?: Expr;
      readonly orderBy?: readonly OrderItem[];
      /** Span of a LIMIT clause, a WINDOW clause or MATCH_RECOGNIZE, which we refuse. */
      readonly refused?: readonly { readonly construct: string; readonly message: string; readonly span: Span }[];
      readonly span: Span;
    }
  | {
      readonly kind: 'setop';
      readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
      readonly all: boolean;
      readonly left: Query;
      readonly right: Query;
      readonly refused?: readonly { readonly construct: string; readonly message: string; readonly span: Span }[];
      readonly span: Span;
    }
  | { readonly kind: 'with'; readonly items: readonly WithItem[]; readonly body: Query; readonly span: Span }
  | { readonly kind: 'unsupported'; readonly construct: string; readonly message: string; readonly span: Span };

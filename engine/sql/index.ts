/**
 * The Flink SQL front end of the `sql` node: `compileSql` parses, type-checks and plans one
 * query onto Flink's streaming operators; `compileExpression` turns the plan's expressions into
 * closures; the codecs read input records and write output records as JSON. Nothing here runs
 * a query: the operator builder plans the `LogicalPlan` onto the engine's operators.
 */
export { compileSql, expressionsOf, type CompileSqlResult } from './compile-sql.ts';
export type { SqlInputs, SqlInputColumn } from './analyze/query-context.ts';
export { ROWTIME } from './analyze/query-context.ts';
export type { Rex } from './analyze/rex.ts';
export { inputRef, inputsOf } from './analyze/rex.ts';
export type { SortKey, WindowSpec } from './analyze/rel.ts';
export { compileExpression, compilePredicate, type CompiledExpression } from './expr/compile.ts';
export { compareValues, valuesEqual } from './expr/compare.ts';
export { compileAggregate, type CompiledAggregate } from './expr/aggregates.ts';
export { SqlRuntimeError } from './runtime-error.ts';
export type {
  CalcNode,
  IntervalJoinNode,
  LogicalPlan,
  PlanAggregate,
  PlanNode,
  PlanWindow,
  SourceNode,
  UnionNode,
  WindowAggregateNode,
  WindowColumns,
  WindowJoinNode,
  WindowTableFunctionNode,
  WindowTopNNode,
} from './plan/logical-plan.ts';
export { explainPlan, formatRex } from './plan/explain.ts';
export { formatSqlProblem, type SqlProblem, type Span } from './problems.ts';
export { decodeValue, encodeValue, type JsonValue } from './types/json-codec.ts';
export { parseSqlType, type ParseTypeResult } from './types/parse-type.ts';
export { formatType, isTimeAttribute, T, withoutTimeAttribute, type SqlColumn, type SqlType } from './types/sql-type.ts';
export type { SqlDecimal, SqlRow, SqlValue } from './types/values.ts';

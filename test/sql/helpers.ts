/**
 * Test helpers for the SQL front end: a fixed set of inputs, compiling a query to its plan or
 * problems, and evaluating one SQL expression on one row through the whole path (parse,
 * analysis, plan, compiled closure) with values in and out in their JSON form.
 */
import { expect } from 'vitest';
import { compileSql, type SqlInputs } from '../../engine/sql/index.ts';
import { compileExpression } from '../../engine/sql/expr/compile.ts';
import { decodeValue, encodeValue, type JsonValue } from '../../engine/sql/types/json-codec.ts';
import { formatType } from '../../engine/sql/types/sql-type.ts';
import { formatSqlProblem } from '../../engine/sql/problems.ts';

/** Flights and airports, as two upstream nodes would declare them. */
export const INPUTS: SqlInputs = {
  flights: {
    columns: [
      { name: 'origin', type: 'STRING' },
      { name: 'dest', type: 'STRING' },
      { name: 'delay', type: 'INT' },
      { name: 'dist', type: 'DECIMAL(10, 2)' },
    ],
  },
  airports: { columns: [{ name: 'code', type: 'STRING' }, { name: 'state', type: 'STRING' }] },
};

/** The EXPLAIN text of a query that must compile. */
export function explain(sql: string, inputs: SqlInputs = INPUTS): string {
  const r = compileSql(sql, inputs);
  if (!r.ok) throw new Error(`expected a plan, got:\n${r.problems.map(formatSqlProblem).join('\n')}`);
  return r.explain();
}

/** The output schema of a query as `name TYPE` strings. */
export function outputOf(sql: string, inputs: SqlInputs = INPUTS): string[] {
  const r = compileSql(sql, inputs);
  if (!r.ok) throw new Error(`expected a plan, got:\n${r.problems.map(formatSqlProblem).join('\n')}`);
  return r.output.map((c) => `${c.name} ${formatType(c.type)}`);
}

/** The problems of a query that must be refused, as `line:column construct: message`. */
export function problemsOf(sql: string, inputs: SqlInputs = INPUTS): string[] {
  const r = compileSql(sql, inputs);
  if (r.ok) throw new Error(`expected problems, got a plan:\n${r.explain()}`);
  return r.problems.map(formatSqlProblem);
}

/** The type `SELECT <expr>` gives, over a table `t` with `columns`. */
export function typeOf(expr: string, columns: Record<string, string> = {}): string {
  const inputs: SqlInputs = { t: { columns: Object.entries(columns).map(([name, type]) => ({ name, type })) } };
  return outputOf(`SELECT ${expr} AS v FROM t`, inputs)[0]!.replace(/^v /, '');
}

/**
 * Evaluates `expr` on one row of table `t` whose columns and JSON values are given, returning
 * the JSON form of the result (`encodeValue`).
 * @throws whatever the compiled expression throws (SqlRuntimeError for run-time failures).
 */
export function evalSql(expr: string, columns: Record<string, [string, JsonValue]> = {}): JsonValue {
  const inputs: SqlInputs = { t: { columns: Object.entries(columns).map(([name, [type]]) => ({ name, type })) } };
  const r = compileSql(`SELECT ${expr} AS v FROM t`, inputs);
  if (!r.ok) throw new Error(`expected a plan for ${expr}, got:\n${r.problems.map(formatSqlProblem).join('\n')}`);
  const root = r.plan.root;
  const source = root.kind === 'calc' ? root.input : root;
  const row = source.fields.map((f) => (f.name === 'rowtime' ? 0 : decodeValue(f.type, columns[f.name]?.[1] ?? null)));
  const value = root.kind === 'calc' ? compileExpression(root.projection[0]!)(row) : row[0]!;
  return encodeValue(r.output[0]!.type, value);
}

/** Asserts that evaluating `expr` fails with a SqlRuntimeError whose reason contains `reason`. */
export function expectRuntimeError(expr: string, reason: string, columns: Record<string, [string, JsonValue]> = {}): void {
  expect(() => evalSql(expr, columns)).toThrowError(reason);
}

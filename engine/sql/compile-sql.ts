/**
 * The sql node's one entry point: a Flink SQL query and the node's inputs in, the logical plan
 * (or every problem found) out. Parse (dt-sql-parser) → AST → analysis (names, Flink's typing
 * rules) → plan (Flink's streaming operators, append-only) → every expression compiled once, so
 * that what Flink would reject while planning (an invalid LIKE escape in a literal pattern, an
 * unknown DATE_FORMAT letter) is a problem here too, not a failure later.
 */
import { analyzeQuery } from './analyze/analyze-query.ts';
import { QueryContext, type SqlInputs } from './analyze/query-context.ts';
import type { Rex } from './analyze/rex.ts';
import { compileExpression } from './expr/compile.ts';
import { buildQueryAst } from './parse/build-query.ts';
import { parseQuery } from './parse/parser.ts';
import { inputsOfNode } from './plan/calc-utils.ts';
import { explainPlan } from './plan/explain.ts';
import type { LogicalPlan, PlanNode } from './plan/logical-plan.ts';
import { Planner } from './plan/planner.ts';
import { ProblemSink, type SqlProblem } from './problems.ts';
import { SqlRuntimeError } from './runtime-error.ts';
import type { SqlColumn } from './types/sql-type.ts';

/** The result of `compileSql`. */
export type CompileSqlResult =
  | { readonly ok: true; readonly plan: LogicalPlan; readonly output: readonly SqlColumn[]; explain(): string }
  | { readonly ok: false; readonly problems: readonly SqlProblem[] };

/** Every expression a node holds. */
export function expressionsOf(node: PlanNode): Rex[] {
  const out: Rex[] = [];
  const add = (...xs: (Rex | undefined)[]) => xs.forEach((x) => x !== undefined && out.push(x));
  switch (node.kind) {
    case 'calc':
      add(node.filter, ...node.projection);
      break;
    case 'windowTableFunction':
      add(...node.partitionKeys);
      break;
    case 'windowAggregate':
      add(node.filter, node.having, ...node.partitionKeys, ...node.groupKeys.map((g) => g.expr), ...node.aggregates.flatMap((a) => a.args), ...node.projection);
      break;
    case 'windowTopN':
      add(node.filter, ...node.partitionKeys, ...node.orderKeys.map((k) => k.expr), ...node.projection);
      break;
    case 'intervalJoin':
    case 'windowJoin':
      add(node.residual, ...node.leftKeys, ...node.rightKeys, ...node.projection);
      break;
    default:
      break;
  }
  return out;
}

function precompile(node: PlanNode, problems: ProblemSink): void {
  for (const rex of expressionsOf(node)) {
    try {
      compileExpression(rex);
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      problems.report(node.span, e.functionName ?? 'expression', e.reason);
    }
  }
  for (const child of inputsOfNode(node)) precompile(child, problems);
}

function failed(problems: ProblemSink): CompileSqlResult {
  const sorted = [...problems.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems: sorted };
}

/**
 * Compiles one Flink SQL SELECT query over `inputs` (each input edge a table named by its
 * upstream node id, with a `rowtime` TIMESTAMP_LTZ(3) time attribute added). Never throws for
 * bad SQL: syntax errors, unknown names, type errors and constructs Flink cannot run
 * append-only all come back as problems with their line:column.
 */
export function compileSql(query: string, inputs: SqlInputs): CompileSqlResult {
  const parsed = parseQuery(query);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems = new ProblemSink();
  const ast = buildQueryAst(parsed.query);
  const ctx = new QueryContext(query, problems, inputs);
  const analyzed = problems.attempt(() => analyzeQuery(ast, ctx));
  if (analyzed === undefined || problems.problems.length > 0) return failed(problems);
  const planner = new Planner(problems);
  const root = problems.attempt(() => planner.plan(analyzed.rel));
  if (root === undefined || problems.problems.length > 0) return failed(problems);
  precompile(root, problems);
  if (problems.problems.length > 0) return failed(problems);
  const output = root.fields.map((f, i) => ({ name: analyzed.fields[i]?.name ?? f.name, type: f.type }));
  const plan: LogicalPlan = { query, root, output };
  return { ok: true, plan, output, explain: () => explainPlan(plan) };
}

/**
 * Validation of a sql node against its inputs (`OperatorFactory.checkConfig`, run by
 * `validateDocument` with every input's schema): each input table gets the columns its upstream
 * declares (a source's `schema` or CSV `columns`, passed through filters, keyBys and unions, or
 * another sql node's output), else those the node's `inferred` config holds for it (marked
 * inferred); a type string that is not a Flink SQL type is a TRB005 problem on the field that
 * declares it, an input without any schema a TRB021 (unless it is a sql node refused itself: its
 * problems say why, and this query is not compiled). Then the query is compiled: every problem
 * is a TRB020 on field `query` with its line:column inside the query and the construct's name.
 * The output schema is the query's columns (types without the time-attribute marker: a
 * downstream sql node gives its records a `rowtime` of its own).
 */
import type { SchemaColumn } from '../../pipeline/node-spec.ts';
import type { CheckProblem, ConfigCheckResult, InputSchema } from '../../pipeline/schemas.ts';
import { compileSql, formatType, parseSqlType, withoutTimeAttribute, type LogicalPlan, type SqlInputs } from '../../sql/index.ts';
import type { SqlConfig } from './spec.ts';

/** The inputs of a sql node as the SQL front end takes them, or the problems that prevent it. */
export function sqlInputs(
  config: SqlConfig,
  inputs: ReadonlyMap<string, InputSchema>,
): { inputs: SqlInputs; resolved: Record<string, SchemaColumn[]>; problems: CheckProblem[]; blocked: boolean } {
  const problems: CheckProblem[] = [];
  let blocked = false;
  const resolved: Record<string, SchemaColumn[]> = {};
  const out: Record<string, { columns: { name: string; type: string; inferred?: boolean }[] }> = {};
  for (const [port, input] of inputs) {
    const inferred = config.inferred?.[port];
    const columns: SchemaColumn[] | undefined = input.columns
      ? input.columns.map((c) => ({ ...c }))
      : inferred
        ? Object.entries(inferred).map(([name, type]) => ({ name, type, inferred: true }))
        : undefined;
    if (columns === undefined) {
      // Refused upstream: that node's problems say why; the query is not compiled without it.
      if (input.failed) {
        blocked = true;
        continue;
      }
      problems.push({
        code: 'TRB021',
        field: `input ${port}`,
        message: `input "${port}" (from ${input.source}) has no schema: declare "schema" on ${input.source} (or CSV columns), or infer its columns from samples in the editor ("inferred.${port}")`,
      });
      continue;
    }
    let bad = false;
    for (const c of columns) {
      const parsed = parseSqlType(c.type);
      if (parsed.ok) continue;
      bad = true;
      const where = input.columns && input.declaredBy ? { nodeId: input.declaredBy.nodeId, field: `${input.declaredBy.field}.${c.name}` } : { field: `inferred.${port}.${c.name}` };
      problems.push({ code: 'TRB005', ...where, message: `column ${c.name} of input "${port}": ${parsed.message}` });
    }
    if (bad) continue;
    resolved[port] = columns;
    out[port] = { columns };
  }
  return { inputs: out, resolved, problems, blocked };
}

/** Compiles the query against typed inputs; see the file header. */
export function checkSqlConfig(config: unknown, inputs: ReadonlyMap<string, InputSchema>): ConfigCheckResult {
  const sql = config as SqlConfig;
  const typed = sqlInputs(sql, inputs);
  if (typed.problems.length > 0 || typed.blocked) return { problems: typed.problems, inputs: typed.resolved };
  const compiled = compileSql(sql.query, typed.inputs);
  if (!compiled.ok) {
    return {
      problems: compiled.problems.map((p) => ({ code: 'TRB020', field: 'query', line: p.line, column: p.column, message: `${p.construct}: ${p.message}` })),
      inputs: typed.resolved,
    };
  }
  return { problems: [], inputs: typed.resolved, output: outputColumns(compiled.plan) };
}

/** The output columns of a plan, as schema columns. */
export function outputColumns(plan: LogicalPlan): SchemaColumn[] {
  return plan.output.map((c) => ({ name: c.name, type: formatType(withoutTimeAttribute(c.type)) }));
}

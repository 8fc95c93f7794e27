/**
 * The aggregate calls of a window aggregation as one unit over its accumulators (one per call,
 * `compileAggregate`: Flink's NULL skipping, AVG truncation, SUM overflow, DISTINCT, …). Adding a
 * row either changes every accumulator or none: arguments that may fail (anything but a column
 * or a literal) are all computed first, so a row whose argument fails goes to `errors` without
 * having been counted by the aggregates before it.
 */
import { compileAggregate, compileExpression, inputRef, type CompiledAggregate, type PlanAggregate, type SqlRow, type SqlValue } from '../../../sql/index.ts';

export interface AggCalls {
  create(): unknown[];
  /** @throws SqlRuntimeError (before any accumulator changed) when an argument fails */
  add(accs: unknown[], row: SqlRow): void;
  merge(a: unknown[], b: unknown[]): unknown[];
  /** Writes the results into `out` from position `at`. */
  results(accs: readonly unknown[], out: SqlValue[], at: number): void;
}

export function aggCalls(aggregates: readonly PlanAggregate[]): AggCalls {
  const simple = aggregates.every((a) => a.args.every((x) => x.kind === 'input' || x.kind === 'literal'));
  let fns: CompiledAggregate[];
  let args: ((row: SqlRow) => SqlValue)[] = [];
  if (simple) fns = aggregates.map(compileAggregate);
  else {
    // Every argument moves to its own position of an argument row, computed up front.
    const all = aggregates.flatMap((a) => a.args);
    args = all.map(compileExpression);
    let at = 0;
    fns = aggregates.map((a) => compileAggregate({ ...a, args: a.args.map((x) => inputRef(at++, `$arg${at}`, x.type)) }));
  }
  const n = fns.length;
  const argRow: SqlValue[] = new Array<SqlValue>(args.length).fill(null);
  return {
    create: () => fns.map((f) => f.create()),
    add(accs, row) {
      let input = row;
      if (!simple) {
        for (let i = 0; i < args.length; i++) argRow[i] = (args[i] as (r: SqlRow) => SqlValue)(row);
        input = argRow;
      }
      for (let i = 0; i < n; i++) accs[i] = (fns[i] as CompiledAggregate).add(accs[i], input);
    },
    merge: (a, b) => fns.map((f, i) => f.merge(a[i], b[i])),
    results(accs, out, at) {
      for (let i = 0; i < n; i++) out[at + i] = (fns[i] as CompiledAggregate).result(accs[i]);
    },
  };
}

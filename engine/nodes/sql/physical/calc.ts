/**
 * Calc (Flink's `StreamExecCalc`): the WHERE condition, then the projection, per row; no state.
 * Projected fields nobody downstream reads are not computed (they stay NULL).
 */
import { compileExpression, compilePredicate, SqlRuntimeError, type CalcNode, type SqlValue } from '../../../sql/index.ts';
import type { Emit, OpEnv, PhysicalOp } from './op.ts';

export function calcOp(node: CalcNode, env: OpEnv, needed: ReadonlySet<number>, emit: Emit): PhysicalOp {
  const filter = node.filter === undefined ? undefined : compilePredicate(node.filter);
  const projection = node.projection.map((p, i) => (needed.has(i) ? compileExpression(p) : () => null));
  const width = projection.length;
  const fields = node.input.fields;
  const fate = env.fate;
  return {
    process(row, timestamp) {
      let out: SqlValue[];
      try {
        if (filter !== undefined && !filter(row)) return;
        out = new Array<SqlValue>(width);
        for (let i = 0; i < width; i++) out[i] = (projection[i] as (r: typeof row) => SqlValue)(row);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      emit(out, timestamp);
    },
  };
}

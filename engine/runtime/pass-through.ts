/**
 * An operator that forwards every record unchanged with its timestamp (keyBy, union): the key
 * of a keyBy is read by the keyed operator downstream, as in Flink's `KeyedStream`.
 */
import type { Operator } from './operator.ts';
import type { OperatorContext } from './operator-context.ts';

export function passThroughOperator(ctx: OperatorContext): Operator {
  const out = ctx.output('out');
  const m = ctx.metrics;
  return {
    processElement(row, ts) {
      m.accepted++;
      out.emit(row, ts);
    },
  };
}

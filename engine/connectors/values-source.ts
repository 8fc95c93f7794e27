/**
 * The `values` node: emits the rows written in its config, in order, then ends (Flink's
 * `fromElements`). Row numbers (1-based) stand in for line numbers in error rows.
 */
import type { ValuesConfig } from '../pipeline/nodes/sources.ts';
import type { OperatorContext } from '../runtime/operator-context.ts';
import type { SourceOperator } from '../runtime/operator.ts';
import { SourceEmitter } from './source-emitter.ts';

export function valuesSource(ctx: OperatorContext<ValuesConfig>): SourceOperator {
  const config = ctx.config;
  const emitter = new SourceEmitter(ctx, { time: config.time, watermarks: config.watermarks, speed: 'max' });
  return {
    async run() {
      config.rows.forEach((row, i) => {
        emitter.offer({ ...row }, i + 1);
      });
      emitter.tick();
      emitter.finish();
    },
  };
}

/**
 * The `values` node: emits the rows written in its config, in order, then ends (Flink's
 * `fromElements`). Record numbers (1-based) stand in for line numbers in error records.
 */
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import { SourceEmitter, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import type { ValuesConfig } from './spec.ts';

export function valuesSource(ctx: OperatorContext<ValuesConfig>): SourceOperator {
  const config = ctx.config;
  const emitter = new SourceEmitter(ctx, { time: config.time, watermarks: config.watermarks, speed: 'max' });
  let next = 0;
  return {
    async run() {
      for (; next < config.rows.length; next++) emitter.offer({ ...config.rows[next] }, next + 1);
      emitter.tick();
      if (!(await ctx.boundary({ ending: true }))) return;
      emitter.finish();
    },
    snapshotState: () => ({ next, emitter: emitter.snapshot() }),
    restoreState(state) {
      const s = state as { next: number; emitter: EmitterSnapshot };
      next = s.next;
      emitter.restore(s.emitter);
    },
  };
}

export const valuesOperator: OperatorFactory<ValuesConfig> = { kind: 'source', create: valuesSource };

/**
 * The `values` node: emits the rows written in its config, in order, then ends (Flink's
 * `fromElements`). Record numbers (1-based) stand in for line numbers in error records. Pulled by
 * the merge of an aligned replay, it offers one row at a time.
 */
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import type { PullSource } from '../../runtime/replay/pull-source.ts';
import { SourceEmitter, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import type { ValuesConfig } from './spec.ts';

export function valuesSource(ctx: OperatorContext<ValuesConfig>): SourceOperator {
  const config = ctx.config;
  const emitter = new SourceEmitter(ctx, { time: config.time, watermarks: config.watermarks, speed: 'max' });
  let next = 0;
  return {
    async run() {
      emitter.emitReady();
      for (; next < config.rows.length; next++) emitter.offer({ ...config.rows[next] }, next + 1);
      emitter.tick();
      if (!(await ctx.boundary({ ending: true }))) return;
      emitter.finish();
    },
    pull(): PullSource {
      return {
        speed: ctx.speed ?? 'max',
        advance() {
          for (let head = emitter.headTime(); ; head = emitter.headTime()) {
            if (head !== undefined) return head;
            if (next >= config.rows.length) return undefined;
            next++;
            emitter.take({ ...config.rows[next - 1] }, next);
          }
        },
        emit: () => emitter.emitHead(),
        tick: (holding) => emitter.tick(holding),
        finish: () => emitter.finish(),
      };
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

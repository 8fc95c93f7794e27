/**
 * The `generator` node: `count` records `{ seq, key, value, ts }` in event-time order, `ts`
 * stepping by `step` ms from `start`, `key` cycling over `keys` values, `value` a seeded
 * pseudo-random integer 0..999. Emits in chunks of 10 000 between boundaries; its checkpointed
 * position is the next sequence number and the PRNG state.
 */
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import { SeededRandom } from '../../connectors/disorder-buffer.ts';
import { SourceEmitter, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import type { GeneratorConfig } from './spec.ts';

const CHUNK = 10_000;

export interface GeneratorSnapshot {
  seq: number;
  random: number;
  emitter: EmitterSnapshot;
}

export function generatorSource(ctx: OperatorContext<GeneratorConfig>): SourceOperator {
  const config = ctx.config;
  const start = Date.parse(config.start);
  if (Number.isNaN(start)) throw new Error(`node ${ctx.nodeId}: start "${config.start}" is not an ISO-8601 time`);
  const speed = ctx.speed ?? config.speed;
  const emitter = new SourceEmitter(ctx, { watermarks: config.watermarks, speed });
  const random = new SeededRandom(config.seed);
  const keyNames = Array.from({ length: config.keys }, (_, i) => `k${i}`);
  let seq = 0;
  return {
    async run() {
      while (seq < config.count) {
        const end = Math.min(config.count, seq + CHUNK);
        for (; seq < end; seq++) {
          const ts = start + seq * config.step;
          const row = { seq, key: keyNames[seq % config.keys], value: Math.floor(random.next() * 1000), ts };
          if (speed !== 'max') await emitter.offerPaced(row, seq + 1, ts);
          else emitter.offer(row, seq + 1, ts);
        }
        ctx.metrics.progress = config.count === 0 ? 1 : seq / config.count;
        emitter.tick();
        if (!(await ctx.boundary())) return;
      }
      if (!(await ctx.boundary({ ending: true }))) return;
      emitter.finish();
    },
    snapshotState(): GeneratorSnapshot {
      return { seq, random: random.state, emitter: emitter.snapshot() };
    },
    restoreState(state) {
      const s = state as GeneratorSnapshot;
      seq = s.seq;
      random.state = s.random;
      emitter.restore(s.emitter);
    },
  };
}

export const generatorOperator: OperatorFactory<GeneratorConfig> = { kind: 'source', create: generatorSource };

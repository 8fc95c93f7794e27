/**
 * The `generator` node: `count` records `{ seq, key, value, ts }` in event-time order, `ts`
 * stepping by `step` ms from `start`, `key` cycling over `keys` values, `value` a seeded
 * pseudo-random integer 0..999. Emits in chunks of 10 000 between boundaries, or one record at a
 * time to the merge of an aligned replay; its checkpointed position is the next sequence number
 * and the PRNG state (and, pulled, the head the merge has not taken yet).
 */
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import type { PullSource } from '../../runtime/replay/pull-source.ts';
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
  // The pulled path's record (the chunked loop below builds the same one inline: its hot path).
  const next = (): { seq: number; key: string | undefined; value: number; ts: number } => ({ seq, key: keyNames[seq % config.keys], value: Math.floor(random.next() * 1000), ts: start + seq * config.step });
  const progress = (): void => {
    ctx.metrics.progress = config.count === 0 ? 1 : seq / config.count;
  };
  return {
    async run() {
      emitter.emitReady();
      while (seq < config.count) {
        const end = Math.min(config.count, seq + CHUNK);
        for (; seq < end; seq++) {
          const ts = start + seq * config.step;
          const row = { seq, key: keyNames[seq % config.keys], value: Math.floor(random.next() * 1000), ts };
          if (speed !== 'max') await emitter.offerPaced(row, seq + 1, ts);
          else emitter.offer(row, seq + 1, ts);
        }
        progress();
        emitter.tick();
        if (!(await ctx.boundary())) return;
      }
      if (!(await ctx.boundary({ ending: true }))) return;
      emitter.finish();
    },
    pull(): PullSource {
      return {
        speed,
        advance() {
          for (let head = emitter.headTime(); ; head = emitter.headTime()) {
            if (head !== undefined) return head;
            if (seq >= config.count) return undefined;
            const row = next();
            seq++;
            emitter.take(row, seq, row.ts);
          }
        },
        emit: () => emitter.emitHead(),
        tick(holding) {
          progress();
          emitter.tick(holding);
        },
        finish: () => emitter.finish(),
      };
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

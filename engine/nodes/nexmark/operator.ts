/**
 * The `nexmark` node: `events` Nexmark events in event-time order from {@link NexmarkModel},
 * filtered to `kind`. Emits in chunks of 10 000 events between boundaries; its checkpointed
 * position is the number of events generated and the PRNG state, so a restored run continues
 * with the same events.
 */
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { OperatorFactory, SourceOperator } from '../../runtime/operator.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { SourceEmitter, type EmitterSnapshot } from '../../connectors/source-emitter.ts';
import { NexmarkModel, type NexmarkEvent, type NexmarkParams } from './model.ts';
import type { NexmarkConfig } from './spec.ts';

const CHUNK = 10_000;

export interface NexmarkSnapshot {
  events: number;
  random: number;
  emitter: EmitterSnapshot;
}

/**
 * The generator parameters of a config.
 * @throws Error naming the node when `baseTime` is not an ISO-8601 time.
 */
export function nexmarkParams(config: NexmarkConfig, nodeId: string): NexmarkParams {
  const baseTime = Date.parse(config.baseTime);
  if (Number.isNaN(baseTime)) throw new Error(`node ${nodeId}: baseTime "${config.baseTime}" is not an ISO-8601 time`);
  return { ...config, baseTime };
}

/** The row `kind` emits for an event, or `undefined` when `kind` filters it out. */
export function nexmarkRow(event: NexmarkEvent, kind: NexmarkConfig['kind']): DataRecord | undefined {
  switch (kind) {
    case 'all':
      return event as unknown as DataRecord;
    case 'person':
      return (event.person ?? undefined) as DataRecord | undefined;
    case 'auction':
      return (event.auction ?? undefined) as DataRecord | undefined;
    case 'bid':
      return (event.bid ?? undefined) as DataRecord | undefined;
  }
}

export function nexmarkSource(ctx: OperatorContext<NexmarkConfig>): SourceOperator {
  const config = ctx.config;
  const model = new NexmarkModel(nexmarkParams(config, ctx.nodeId));
  const speed = ctx.speed ?? config.speed;
  const emitter = new SourceEmitter(ctx, { watermarks: config.watermarks, speed });
  return {
    async run() {
      while (model.eventsSoFar < config.events) {
        const end = Math.min(config.events, model.eventsSoFar + CHUNK);
        while (model.eventsSoFar < end) {
          const event = model.next();
          const row = nexmarkRow(event, config.kind);
          if (row === undefined) continue;
          if (speed !== 'max') await emitter.offerPaced(row, model.eventsSoFar, event.dateTime);
          else emitter.offer(row, model.eventsSoFar, event.dateTime);
        }
        ctx.metrics.progress = model.eventsSoFar / config.events;
        emitter.tick();
        if (!(await ctx.boundary())) return;
      }
      if (!(await ctx.boundary({ ending: true }))) return;
      emitter.finish();
    },
    snapshotState(): NexmarkSnapshot {
      return { events: model.eventsSoFar, random: model.randomState, emitter: emitter.snapshot() };
    },
    restoreState(state) {
      const s = state as NexmarkSnapshot;
      model.eventsSoFar = s.events;
      model.randomState = s.random;
      emitter.restore(s.emitter);
    },
  };
}

export const nexmarkOperator: OperatorFactory<NexmarkConfig> = { kind: 'source', create: nexmarkSource };

/**
 * The `kafkaSink` node. `exactly-once`: see `exactly-once-sink.ts`. `at-least-once` (Flink's
 * `DeliveryGuarantee.AT_LEAST_ONCE`): an idempotent producer (acks=all, so no duplicates from
 * its own retries) sends batches of up to 1000 records, and whenever a watermark passes (about
 * every 200 ms at a periodic source). Flink flushes at the barrier and blocks; our snapshot is
 * synchronous, so instead the checkpoint keeps every record not yet acknowledged, and a restore
 * sends them again first — a crash can duplicate records, never lose one.
 *
 * Backpressure: at most `MAX_IN_FLIGHT` records are sent but not acknowledged; beyond that the
 * sink reports itself unavailable (`available()`) and the sources upstream stop fetching until
 * the broker has caught up to half of it, like the Java producer's `buffer.memory` blocking
 * `send()`. A slow broker (quotas, a slow disk) therefore slows the pipeline instead of
 * filling memory.
 */
import type { KafkaSinkConfig } from '../../nodes/kafkaSink/spec.ts';
import type { Operator } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { createKafkaClient, type KafkaWriter, type OutgoingMessage } from './client.ts';
import { connectionOf } from './connection.ts';
import { exactlyOnceKafkaSink } from './exactly-once-sink.ts';
import { messageEncoder } from './message-encoder.ts';

const BATCH = 1000;
/** Records sent but not acknowledged before the sink applies backpressure. */
export const MAX_IN_FLIGHT = 10 * BATCH;

export interface AtLeastOnceSinkSnapshot {
  unacknowledged: OutgoingMessage[];
}

export function kafkaSink(ctx: OperatorContext<KafkaSinkConfig>): Operator {
  return ctx.config.delivery === 'exactly-once' ? exactlyOnceKafkaSink(ctx) : atLeastOnceKafkaSink(ctx);
}

function atLeastOnceKafkaSink(ctx: OperatorContext<KafkaSinkConfig>): Operator {
  const encode = messageEncoder(ctx);
  const m = ctx.metrics;
  let writer: KafkaWriter | undefined;
  let buffer: OutgoingMessage[] = [];
  const inFlight = new Map<number, OutgoingMessage[]>();
  let inFlightRecords = 0;
  let batchId = 0;
  let sending: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let restored: AtLeastOnceSinkSnapshot | undefined;
  let drained: { promise: Promise<void>; resolve: () => void } | undefined;

  const fail = (): void => {
    if (failure) throw new Error(`node ${ctx.nodeId}: Kafka produce failed: ${failure.message}`);
  };

  /** Wakes sources waiting on backpressure once in-flight records fell to half the limit (or sending failed). */
  function wake(): void {
    if (drained && (inFlightRecords <= MAX_IN_FLIGHT / 2 || failure)) {
      drained.resolve();
      drained = undefined;
    }
  }

  function flush(): void {
    if (buffer.length === 0) return;
    const batch = buffer;
    const id = ++batchId;
    buffer = [];
    inFlight.set(id, batch);
    inFlightRecords += batch.length;
    sending = sending
      .then(async () => {
        if (failure) return;
        await (writer as KafkaWriter).send(batch);
        inFlight.delete(id);
        inFlightRecords -= batch.length;
      })
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(wake);
  }

  return {
    restoreState(state) {
      restored = state as AtLeastOnceSinkSnapshot;
    },
    async open() {
      writer = await (await createKafkaClient(connectionOf(ctx.config, ctx.resolvePath))).writer();
      if (restored && restored.unacknowledged.length > 0) {
        ctx.log(`restore: re-sending ${restored.unacknowledged.length} records not acknowledged before the checkpoint`);
        await writer.send(restored.unacknowledged);
      }
    },
    processElement(row) {
      fail();
      m.accepted++;
      buffer.push(encode(row));
      if (buffer.length >= BATCH) flush();
    },
    processWatermark() {
      fail();
      flush();
    },
    available() {
      if (inFlightRecords < MAX_IN_FLIGHT || failure) return undefined;
      if (!drained) {
        let resolve = (): void => {};
        const promise = new Promise<void>((r) => (resolve = r));
        drained = { promise, resolve };
      }
      return drained.promise;
    },
    snapshotState(): AtLeastOnceSinkSnapshot {
      fail();
      flush();
      return { unacknowledged: [...inFlight.values()].flat() };
    },
    endInput: flush,
    stateShape: () => 'kafkaSink at-least-once',
    async close() {
      flush();
      await sending;
      await writer?.close().catch(() => undefined);
      fail();
    },
  };
}

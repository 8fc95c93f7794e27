/**
 * The exactly-once Kafka sink: Flink's two-phase-commit `KafkaSink`, reshaped for kafkajs.
 *
 * Flink pre-commits by flushing a Kafka transaction at the barrier and, after a crash, resumes
 * that prepared transaction by its producer id and epoch and commits it. kafkajs cannot resume a
 * transaction: a new producer with the same transactional id aborts it. So the pre-commit lives
 * in our checkpoint instead of in a Kafka transaction:
 *
 * 1. Records arriving between barrier n-1 and barrier n form epoch n, buffered in memory.
 * 2. Pre-commit (`snapshotState(n)`): epoch n is closed and the checkpoint stores every epoch
 *    not yet known committed (n and any earlier one whose commit is still running), with the
 *    sink's run id and a lower bound of where its next records will land (`scanFrom`).
 * 3. Commit (`notifyCheckpointComplete(n)`): each ready epoch, in order, is sent in one Kafka
 *    transaction and committed; every record carries the headers `tributary-sink: <sink id>`
 *    and `tributary-epoch: <run id>:<n>`. Commits run serially in the background.
 * 4. Recovery (`open` after `restoreState`): the transactional id is fenced first (the broker
 *    aborts a transaction the dead producer left open), then the sink topics are read back with
 *    read_committed from `scanFrom` to learn which restored epochs are already committed; the
 *    others are sent again, each in its own transaction, before any new record.
 *
 * A read_committed reader therefore sees each epoch once: an epoch is committed only after its
 * checkpoint is durable, a transaction is atomic, and a restored epoch is re-sent only when its
 * tag is not in the topic. Epoch ids are checkpoint ids, which never repeat within a run's
 * checkpoint directory; a fresh start picks a new run id, so older runs' tags never match.
 * Costs: an epoch's output is held in memory and in the checkpoint until committed, and
 * becomes visible one checkpoint interval later (as in Flink). Without checkpointing, the whole
 * output is one epoch committed at the end of input.
 *
 * A commit that fails (broker restarting, coordinator moving) is retried until `retryTimeout`:
 * the producer is replaced and fenced (aborting whatever the failed one left open), the topics
 * are read back to learn whether the epoch landed after all (a lost commit response), and only
 * an epoch that did not is sent again. The last commits, at the end of input, run in `close()`;
 * if they still fail, `close()` throws and the run fails with the reason (the checkpoint keeps
 * the epochs, so a restore commits them). Backpressure: with more than `MAX_PENDING_EPOCHS`
 * epochs waiting for their commit, the sink reports itself unavailable and sources wait.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaSinkConfig } from '../../nodes/kafkaSink/spec.ts';
import type { Operator } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { createKafkaClient, type KafkaClient, type KafkaTransactionalWriter, type OutgoingMessage } from './client.ts';
import { connectionOf, partitionKey } from './connection.ts';
import { kafkaFailure } from './kafka-errors.ts';
import { committedEpochs, EPOCH_HEADER, epochTag, SINK_HEADER } from './epoch-scan.ts';
import { messageEncoder } from './message-encoder.ts';

/** Epochs closed but not committed before the sink applies backpressure. */
export const MAX_PENDING_EPOCHS = 3;

interface PendingEpoch {
  epoch: number;
  messages: OutgoingMessage[];
}

export interface ExactlyOnceSinkSnapshot {
  runId: string;
  pending: PendingEpoch[];
  /** Lower bound of offsets where uncommitted epochs can be, by `topic/partition`. */
  scanFrom: Record<string, number>;
}

export function exactlyOnceKafkaSink(ctx: OperatorContext<KafkaSinkConfig>): Operator {
  const config = ctx.config;
  const sinkId = config.transactionalId ?? `tributary-${ctx.nodeId}`;
  const encode = messageEncoder(ctx);
  const m = ctx.metrics;
  let runId: string = randomUUID();
  let current: OutgoingMessage[] = [];
  let pending: PendingEpoch[] = [];
  let scanFrom: Record<string, number> = {};
  let readyUpTo = 0;
  let restored: ExactlyOnceSinkSnapshot | undefined;
  let client: KafkaClient | undefined;
  let writer: KafkaTransactionalWriter | undefined;
  let committing: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let committed: { promise: Promise<void>; resolve: () => void } | undefined;

  const fail = (): void => {
    if (failure) throw new Error(`node ${ctx.nodeId}: Kafka commit failed: ${failure.message}`);
  };

  /** Epochs among `epochs` already committed in the sink topics (read back with read_committed). */
  async function alreadyCommitted(epochs: readonly PendingEpoch[]): Promise<Set<number>> {
    const topics = [...new Set(epochs.flatMap((e) => e.messages.map((msg) => msg.topic)))];
    if (topics.length === 0) return new Set();
    const reader = await (client as KafkaClient).reader('read_committed');
    try {
      return await committedEpochs(reader, topics, scanFrom, sinkId, runId);
    } finally {
      await reader.close().catch(() => undefined);
    }
  }

  /** A new transactional producer, fenced: the broker aborts what the previous one left open. */
  async function freshWriter(): Promise<void> {
    await writer?.close().catch(() => undefined);
    writer = await (client as KafkaClient).transactionalWriter(sinkId);
    await writer.fence();
  }

  async function send(e: PendingEpoch): Promise<void> {
    if (e.messages.length === 0) return;
    const headers = { [SINK_HEADER]: sinkId, [EPOCH_HEADER]: epochTag(runId, e.epoch) };
    const results = await (writer as KafkaTransactionalWriter).sendInTransaction(e.messages.map((msg) => ({ ...msg, headers: { ...msg.headers, ...headers } })));
    for (const r of results) {
      const k = partitionKey(r.topic, r.partition);
      if (r.baseOffset >= 0 && r.baseOffset > (scanFrom[k] ?? -1)) scanFrom = { ...scanFrom, [k]: r.baseOffset };
    }
  }

  /** Commits epoch `e`, retrying with a fenced new producer until `retryTimeout`. @throws the last failure. */
  async function commit(e: PendingEpoch): Promise<void> {
    const deadline = Date.now() + config.retryTimeout;
    for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
      try {
        await send(e);
        break;
      } catch (error) {
        if (kafkaFailure(error).permanent || Date.now() + delay > deadline) throw error;
        ctx.log(`committing epoch ${e.epoch} failed (${(error as Error).message}); retrying with a new producer`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          await freshWriter();
          if ((await alreadyCommitted([e])).has(e.epoch)) {
            ctx.log(`epoch ${e.epoch} was committed after all`);
            break;
          }
        } catch (recoveryError) {
          if (Date.now() + delay > deadline) throw recoveryError;
        }
      }
    }
    pending = pending.filter((p) => p.epoch !== e.epoch);
    if (committed && pending.length < MAX_PENDING_EPOCHS) {
      committed.resolve();
      committed = undefined;
    }
  }

  async function commitReady(): Promise<void> {
    for (let next = pending[0]; next !== undefined && next.epoch <= readyUpTo; next = pending[0]) await commit(next);
  }

  function scheduleCommits(): void {
    committing = committing.then(commitReady).catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
      committed?.resolve();
      committed = undefined;
    });
  }

  return {
    restoreState(state) {
      restored = state as ExactlyOnceSinkSnapshot;
    },
    async open() {
      client = await createKafkaClient(connectionOf(config, ctx.resolvePath));
      await freshWriter();
      if (!restored) return;
      runId = restored.runId;
      scanFrom = { ...restored.scanFrom };
      const done = await alreadyCommitted(restored.pending);
      pending = restored.pending.filter((e) => !done.has(e.epoch));
      const resent = pending.filter((e) => e.messages.length > 0).map((e) => e.epoch);
      if (done.size > 0 || resent.length > 0)
        ctx.log(`restore: epochs ${[...done].sort((a, b) => a - b).join(', ') || 'none'} already committed; re-sending ${resent.join(', ') || 'none'}`);
      readyUpTo = Math.max(0, ...restored.pending.map((e) => e.epoch));
      await commitReady();
    },
    processElement(row) {
      fail();
      m.accepted++;
      current.push(encode(row));
    },
    snapshotState(checkpointId): ExactlyOnceSinkSnapshot {
      fail();
      pending.push({ epoch: checkpointId, messages: current });
      current = [];
      return { runId, pending: [...pending], scanFrom: { ...scanFrom } };
    },
    notifyCheckpointComplete(checkpointId) {
      readyUpTo = Math.max(readyUpTo, checkpointId);
      scheduleCommits();
    },
    available() {
      if (pending.length < MAX_PENDING_EPOCHS || failure) return undefined;
      if (!committed) {
        let resolve = (): void => {};
        const promise = new Promise<void>((r) => (resolve = r));
        committed = { promise, resolve };
      }
      return committed.promise;
    },
    endInput() {
      if (ctx.checkpointing) return;
      // No checkpoints: the whole output is one epoch, committed at the end of input.
      pending.push({ epoch: 1, messages: current });
      current = [];
      readyUpTo = 1;
      scheduleCommits();
    },
    stateShape: () => 'kafkaSink exactly-once',
    async close() {
      await committing;
      await writer?.close().catch(() => undefined);
      fail();
    },
  };
}

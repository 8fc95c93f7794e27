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
 */
import { randomUUID } from 'node:crypto';
import type { KafkaSinkConfig } from '../../nodes/kafkaSink/spec.ts';
import type { Operator } from '../../runtime/operator.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { createKafkaClient, type KafkaTransactionalWriter, type OutgoingMessage } from './client.ts';
import { connectionOf, partitionKey } from './connection.ts';
import { committedEpochs, EPOCH_HEADER, epochTag, SINK_HEADER } from './epoch-scan.ts';
import { messageEncoder } from './message-encoder.ts';

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
  let writer: KafkaTransactionalWriter | undefined;
  let committing: Promise<void> = Promise.resolve();
  let failure: Error | undefined;

  const fail = (): void => {
    if (failure) throw new Error(`node ${ctx.nodeId}: Kafka commit failed: ${failure.message}`);
  };

  async function commit(e: PendingEpoch): Promise<void> {
    if (e.messages.length > 0) {
      const headers = { [SINK_HEADER]: sinkId, [EPOCH_HEADER]: epochTag(runId, e.epoch) };
      const results = await (writer as KafkaTransactionalWriter).sendInTransaction(e.messages.map((msg) => ({ ...msg, headers: { ...msg.headers, ...headers } })));
      for (const r of results) {
        const k = partitionKey(r.topic, r.partition);
        if (r.baseOffset >= 0 && r.baseOffset > (scanFrom[k] ?? -1)) scanFrom = { ...scanFrom, [k]: r.baseOffset };
      }
    }
    pending = pending.filter((p) => p.epoch !== e.epoch);
  }

  async function commitReady(): Promise<void> {
    for (let next = pending[0]; next !== undefined && next.epoch <= readyUpTo; next = pending[0]) await commit(next);
  }

  function scheduleCommits(): void {
    committing = committing.then(commitReady).catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  return {
    restoreState(state) {
      restored = state as ExactlyOnceSinkSnapshot;
    },
    async open() {
      const client = await createKafkaClient(connectionOf(config));
      writer = await client.transactionalWriter(sinkId);
      await writer.fence();
      if (!restored) return;
      runId = restored.runId;
      scanFrom = { ...restored.scanFrom };
      const topics = [...new Set(restored.pending.flatMap((e) => e.messages.map((msg) => msg.topic)))];
      let done = new Set<number>();
      if (topics.length > 0) {
        const reader = await client.reader('read_committed');
        try {
          done = await committedEpochs(reader, topics, scanFrom, sinkId, runId);
        } finally {
          await reader.close().catch(() => undefined);
        }
      }
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

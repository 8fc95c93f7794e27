/**
 * The exactly-once Kafka sink's last commit, made while the job closes, against a real broker:
 * when it fails it is retried (a new, fenced producer; the topic read back so that an epoch that
 * landed after all is not sent twice), and when it cannot succeed the run fails with the reason
 * (exit code 1, one line naming the node) instead of ending "finished" with the failure in a log.
 * Without a checkpoint directory the whole output is one transaction committed in `close()`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { startRun } from '../checkpoint/spawn-run.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, kafkaOf, kcatRead, produceLines, uniqueTopic, writePipeline } from './kafka-helpers.ts';

describe.skipIf(!availability.ok)('exactly-once Kafka sink: the final commit (real broker)', () => {
  let broker: KafkaBroker;
  let input: string;
  const values = Array.from({ length: 200 }, (_, n) => JSON.stringify({ n, ts: 1_700_000_000_000 + n * 1000 }));

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('final-in');
    await createTopic(broker.bootstrap, input, 1);
    await produceLines(broker.bootstrap, input, values, 1);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  function pipeline(output: string, transactionalId: string): string {
    return writePipeline(tempDir(), 'final', {
      version: 1,
      name: 'final commit',
      nodes: [
        { id: 'src', type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, time: { mode: 'event', field: 'ts' }, metadataField: '' } },
        { id: 'out', type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic: output, delivery: 'exactly-once', transactionalId, retryTimeout: '20s' } },
      ],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'out', targetPort: 'in' }],
    });
  }

  it('is retried with a fenced new producer when another producer took over its transactional id, and commits once', async () => {
    const output = uniqueTopic('final-out');
    await createTopic(broker.bootstrap, output, 1);
    const transactionalId = uniqueTopic('final-tx');
    // 200 s of event time at 40×: about 5 s, while the sink holds its one open epoch.
    const run = startRun([pipeline(output, transactionalId), '--speed', '40']);
    await sleep(2500);
    // A zombie with the same transactional id: registering it fences the sink's producer.
    const zombie = kafkaOf(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    const tx = await zombie.transaction();
    await tx.abort();
    await zombie.disconnect();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/committing epoch 1 failed \(.+\); retrying with a new producer/);
    const read = kcatRead(broker.bootstrap, output).map((x) => JSON.stringify(JSON.parse(x.payload)));
    expect(read.sort()).toEqual([...values].sort());
  }, 120_000);

  it('fails the run, naming the node and the cause, when it cannot be made', () => {
    const missing = uniqueTopic('no-such-topic');
    const file = pipeline(missing, uniqueTopic('final-tx'));
    const r = tributary(['run', file, '--no-progress', '--set', 'out.retryTimeout=12s']);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('run failed:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`run failed: TRB104 node out: Kafka commit failed: Kafka at ${broker.bootstrap} (PLAINTEXT): committing a transaction failed: This server does not host this topic-partition`);
    expect(r.stderr).toMatch(/committing epoch 1 failed \(.+\); retrying with a new producer/);
    console.log(`final commit failure: ${lines[0]}`);
  }, 120_000);
});

/**
 * The kafkajs adapter (engine/connectors/kafka/kafkajs-internals.ts), once per supported kafkajs
 * version, against a real broker: each internal the reader depends on works with the installed
 * kafkajs — the cluster factory (metadata, partitions after a change, ListOffsets by earliest,
 * latest and timestamp, Fetch, standalone OffsetCommit) and the record batch decoder (aborted
 * transactions and control records removed under read_committed, kept under read_uncommitted).
 * Results are checked against kafkajs's public API and the records the test wrote. A version not
 * in the list is refused with a message saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { createKafkaClient, type KafkaReader, type PartitionFetch } from '../../engine/connectors/kafka/client.ts';
import { checkKafkajsVersion, installedKafkajsVersion, SUPPORTED_KAFKAJS_VERSIONS } from '../../engine/connectors/kafka/kafkajs-internals.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, kafkaOf, uniqueTopic } from './kafka-helpers.ts';

describe('kafkajs version check', () => {
  it('accepts the supported versions and refuses others with the reason', () => {
    for (const v of SUPPORTED_KAFKAJS_VERSIONS) expect(() => checkKafkajsVersion(v)).not.toThrow();
    expect(() => checkKafkajsVersion('2.3.0')).toThrow(/^kafkajs 2\.3\.0 is not supported: Tributary reads Kafka through two kafkajs internals \(the cluster factory and the record batch decoder\), tested with kafkajs 2\.2\.4/);
  });

  it('the installed kafkajs is a supported one', () => {
    expect(SUPPORTED_KAFKAJS_VERSIONS).toContain(installedKafkajsVersion());
  });
});

/** Every record of a partition from `offset` to its end, fetch after fetch. */
async function readAll(reader: KafkaReader, topic: string, partition: number, offset: number): Promise<{ fetches: PartitionFetch[]; values: string[] }> {
  const fetches: PartitionFetch[] = [];
  const values: string[] = [];
  for (let at = offset, guard = 0; guard < 50; guard++) {
    const [f] = await reader.fetch([{ topic, partition, offset: at }], 100);
    if (!f) break;
    fetches.push(f);
    values.push(...f.messages.map((m) => m.value?.toString() ?? ''));
    if (f.nextOffset >= f.end) break;
    at = f.nextOffset;
  }
  return { fetches, values };
}

for (const version of SUPPORTED_KAFKAJS_VERSIONS)
  describe.skipIf(!availability.ok || installedKafkajsVersion() !== version)(`kafkajs ${version} internals (real broker)`, () => {
    let broker: KafkaBroker;
    let topic: string;

    beforeAll(async () => {
      broker = await startKafkaBroker();
      topic = uniqueTopic('adapter');
      await createTopic(broker.bootstrap, topic, 2);
      const kafka = kafkaOf(broker.bootstrap);
      const plain = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      const tx = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, transactionalId: uniqueTopic('adapter-tx'), idempotent: true, maxInFlightRequests: 1 });
      await Promise.all([plain.connect(), tx.connect()]);
      // Partition 0: a, then a committed transaction (b, c), an aborted one (x, y), then d.
      await plain.send({ topic, messages: [{ value: 'a', partition: 0, timestamp: '1000' }] });
      const committed = await tx.transaction();
      await committed.send({ topic, messages: [{ value: 'b', partition: 0, timestamp: '2000' }, { value: 'c', partition: 0, timestamp: '3000' }] });
      await committed.commit();
      const aborted = await tx.transaction();
      await aborted.send({ topic, messages: [{ value: 'x', partition: 0, timestamp: '4000' }, { value: 'y', partition: 0, timestamp: '5000' }] });
      await aborted.abort();
      await plain.send({ topic, messages: [{ value: 'd', partition: 0, timestamp: '6000' }, { value: 'e', partition: 1, timestamp: '6000' }] });
      await Promise.all([plain.disconnect(), tx.disconnect()]);
    }, 300_000);

    afterAll(async () => {
      await broker?.stop();
    }, 60_000);

    it('reads metadata and offsets through the cluster factory', async () => {
      const reader = await (await createKafkaClient({ brokers: [broker.bootstrap] })).reader('read_committed');
      try {
        expect(await reader.listTopics()).toContain(topic);
        expect(await reader.partitions(topic)).toEqual([0, 1]);
        const admin = kafkaOf(broker.bootstrap).admin();
        await admin.connect();
        const reference = await admin.fetchTopicOffsets(topic);
        const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, 2500);
        expect(Object.fromEntries(await reader.offsets(topic, 'latest'))).toEqual(Object.fromEntries(reference.map((o) => [o.partition, Number(o.high)])));
        expect(Object.fromEntries(await reader.offsets(topic, 'earliest'))).toEqual(Object.fromEntries(reference.map((o) => [o.partition, Number(o.low)])));
        expect(Object.fromEntries(await reader.offsets(topic, { timestamp: 2500 }))).toEqual(Object.fromEntries(byTime.map((o) => [o.partition, Number(o.offset)])));
        await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
        await admin.disconnect();
        expect(await reader.partitions(topic, true)).toEqual([0, 1, 2]);
      } finally {
        await reader.close();
      }
    }, 60_000);

    it('drops aborted records and control records under read_committed, keeps aborted ones under read_uncommitted', async () => {
      const client = await createKafkaClient({ brokers: [broker.bootstrap] });
      for (const [isolation, expected] of [
        ['read_committed', ['a', 'b', 'c', 'd']],
        ['read_uncommitted', ['a', 'b', 'c', 'x', 'y', 'd']],
      ] as const) {
        const reader = await client.reader(isolation);
        try {
          const { fetches, values } = await readAll(reader, topic, 0, 0);
          expect(values, isolation).toEqual(expected);
          // a, b, c, commit marker, x, y, abort marker, d: the end is offset 8 and the position gets there.
          const last = fetches[fetches.length - 1] as PartitionFetch;
          expect(last.end).toBe(8);
          expect(last.nextOffset).toBe(8);
        } finally {
          await reader.close();
        }
      }
    }, 60_000);

    it('commits offsets for a group without joining it', async () => {
      const group = uniqueTopic('adapter-group');
      const reader = await (await createKafkaClient({ brokers: [broker.bootstrap] })).reader('read_committed');
      try {
        await reader.commitOffsets(group, [
          { topic, partition: 0, offset: 7 },
          { topic, partition: 1, offset: 1 },
        ]);
      } finally {
        await reader.close();
      }
      const admin = kafkaOf(broker.bootstrap).admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        expect(offsets?.partitions.filter((p) => p.partition < 2).map((p) => [p.partition, Number(p.offset)]).sort()).toEqual([
          [0, 7],
          [1, 1],
        ]);
      } finally {
        await admin.disconnect();
      }
    }, 60_000);
  });

/**
 * A paced replay (`--speed`) of a 3-partition topic whose partitions each arrive in large record
 * batches fires its windows steadily: the source interleaves the fetched partitions by event
 * time, so the watermark (the minimum over partitions) advances with the replay instead of
 * stalling until one partition's batch is done. Measured on the output of an exactly-once Kafka
 * sink, whose records carry the checkpoint epoch that committed them: the share of all results
 * that land in the last epoch is small (a source that worked through one partition's whole batch
 * before the others put nearly all of them there). The windows equal the file replay's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, delaysByOrigin, FLIGHT_TIME, kafkaOf, kcatRead, sortedRows, uniqueTopic, writePipeline } from './kafka-helpers.ts';

const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');
/** 90 days of flights in about 8 s. */
const SPEED = '1000000';
/** Records per produce request and partition: record batches of about 300 KB. */
const BATCH = 2000;

describe.skipIf(!availability.ok)('paced Kafka replay (real broker)', () => {
  let broker: KafkaBroker;
  let input: string;
  let fileRows: string[];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('paced');
    await createTopic(broker.bootstrap, input, 3);
    const lines = readFileSync(FLIGHTS, 'utf8').split('\n').filter((l) => l.length > 0);
    // Line i to partition i % 3 (all three span the whole time range), written in large record
    // batches, one partition at a time: a fetch returns a big piece of one partition.
    const producer = kafkaOf(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (let p = 0; p < 3; p++) {
        const mine = lines.filter((_, i) => i % 3 === p);
        for (let i = 0; i < mine.length; i += BATCH) await producer.send({ topic: input, acks: -1, messages: mine.slice(i, i + BATCH).map((value) => ({ value, partition: p })) });
      }
    } finally {
      await producer.disconnect();
    }
    const out = tempDir();
    const r = tributary(['run', join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), '--out', out, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    fileRows = sortedRows(readFileSync(join(out, 'hourly.jsonl'), 'utf8').split('\n'));
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it('fires windows steadily: few results land in the last checkpoint epoch', async () => {
    const output = uniqueTopic('paced-out');
    await createTopic(broker.bootstrap, output, 1);
    const source = { type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } } };
    const sink = { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic: output, delivery: 'exactly-once' } };
    const dir = tempDir();
    const pipeline = writePipeline(dir, 'paced', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 500, retain: 2 } }));
    const r = tributary(['run', pipeline, '--checkpoint-dir', join(dir, 'cp'), '--speed', SPEED, '--no-progress'], { timeoutMs: 180_000 });
    expect(r.status, r.stderr).toBe(0);

    const records = kcatRead(broker.bootstrap, output);
    expect(sortedRows(records.map((x) => x.payload))).toEqual(fileRows);
    const epochOf = (headers: string[]): number => {
      const i = headers.indexOf('tributary-epoch');
      return Number((headers[i + 1] ?? '').split(':').pop());
    };
    const byEpoch = new Map<number, number>();
    for (const x of records) byEpoch.set(epochOf(x.headers), (byEpoch.get(epochOf(x.headers)) ?? 0) + 1);
    const last = Math.max(...byEpoch.keys());
    const share = (byEpoch.get(last) ?? 0) / records.length;
    console.log(
      `paced 3-partition replay: ${records.length} results over ${byEpoch.size} checkpoint epochs; ${(share * 100).toFixed(1)} % in the last epoch (${last}); per epoch: ${[...byEpoch].sort((a, b) => a[0] - b[0]).map(([e, n]) => `${e}:${n}`).join(' ')}`,
    );
    expect(byEpoch.size).toBeGreaterThanOrEqual(8);
    expect(share).toBeLessThan(0.2);
  }, 240_000);
});

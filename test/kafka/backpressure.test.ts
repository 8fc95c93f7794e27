/**
 * Backpressure from a slow Kafka sink, against a real broker: the broker throttles the sink's
 * producer with a client quota (`kafka-configs --add-config producer_byte_rate=…`, Kafka's own
 * tool), so the at-least-once sink acknowledges far slower than the source can read. The source
 * must pause fetching: sampled through the run, the records it has read beyond what the sink
 * topic holds stay within the sink's in-flight limit (plus a fetch's chunk), its backpressured
 * time is counted, and in the end the sink topic holds every record.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from '../../engine/connectors/kafka/kafka-sink.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { REPO } from '../cli/run-cli.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, kafkaOf, produceLines, uniqueTopic } from './kafka-helpers.ts';
import { setProducerQuota } from './kafka-tools.ts';

const COUNT = 40_000;
/** Bytes per second the broker lets the sink's producer write: about 2,000 records/s. */
const QUOTA = 200_000;
const SLOW_CLIENT = 'tributary-throttled-sink';

describe.skipIf(!availability.ok)('backpressure from a throttled Kafka sink (real broker)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    await setProducerQuota(broker.bootstrap, SLOW_CLIENT, QUOTA);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  async function written(topic: string): Promise<number> {
    const admin = kafkaOf(broker.bootstrap).admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('pauses fetching instead of buffering: read − written stays bounded, nothing is lost', async () => {
    const input = uniqueTopic('bp-in');
    const output = uniqueTopic('bp-out');
    await createTopic(broker.bootstrap, input, 3);
    await createTopic(broker.bootstrap, output, 3);
    const pad = 'x'.repeat(60);
    await produceLines(broker.bootstrap, input, Array.from({ length: COUNT }, (_, n) => JSON.stringify({ n, pad })), 3);
    const valid = validatePipeline({
      version: 1,
      name: 'throttled sink',
      nodes: [
        { id: 'src', type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, metadataField: '' } },
        { id: 'out', type: 'kafkaSink', config: { brokers: [broker.bootstrap], clientId: SLOW_CLIENT, topic: output } },
      ],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'out', targetPort: 'in' }],
    });
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const job = createJob(valid.pipeline, { baseDir: REPO });
    const running = job.run();
    let done = false;
    void running.finally(() => (done = true));
    let maxAhead = 0;
    let samples = 0;
    while (!done) {
      // Read first, written second: `written` only grows, so the gap is never overstated.
      const read = job.metrics()[0]?.out ?? 0;
      maxAhead = Math.max(maxAhead, read - (await written(output)));
      samples++;
      await sleep(200);
    }
    const result = await running;
    const source = result.nodes.find((n) => n.nodeId === 'src');
    console.log(`throttled Kafka sink: at most ${maxAhead} records read ahead of the sink topic over ${samples} samples (in-flight limit ${MAX_IN_FLIGHT}); source backpressured ${((source?.backpressuredMs ?? 0) / 1000).toFixed(1)} s of ${(result.durationMs / 1000).toFixed(1)} s`);
    expect(await written(output)).toBe(COUNT);
    expect(source?.backpressuredMs).toBeGreaterThan(0);
    // In flight, plus the sink's unsent batch (1,000) and what the source emits between two
    // boundaries (512). Without backpressure the source reads all 40,000 within a second or two.
    expect(maxAhead).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1000 + 512);
  }, 180_000);
});

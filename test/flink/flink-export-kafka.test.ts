// Kafka → window → Kafka, exported to Flink SQL and run on a real Apache Flink against the test
// broker (a real Apache Kafka in KRaft mode), output topics read back with kcat (librdkafka,
// read_committed): equal to the embedded engine's run of the same pipeline into other topics.
// A second branch writes the Kafka metadata each record carries (`_kafka`: topic, partition,
// offset, key, timestamp), built in Flink from METADATA columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFlink } from '../../engine/export/flink/export-flink.ts';
import { diffLines, diffSink, type SinkRow } from '../../engine/export/flink/check/sink-diff.ts';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { startKafkaBroker, type KafkaBroker } from '../kafka/broker.ts';
import { availability as kafkaAvailability, createTopic, FLIGHT_TIME, kcatRead, produceLines, uniqueTopic, writePipeline } from '../kafka/kafka-helpers.ts';
import { availability as flinkAvailability, FLINK_TEST_TIMEOUT_MS, useFlinkRunner } from './flink-helpers.ts';

const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');

function pipelineFor(bootstrap: string, input: string, hourly: string, meta: string, txn: string): unknown {
  const kafka = { brokers: [bootstrap] };
  return {
    version: 1,
    name: 'kafka window kafka',
    nodes: [
      { id: 'flights', type: 'kafkaSource', config: { ...kafka, topics: [input], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } } },
      { id: 'delayed', type: 'filter', code: 'event.delay > 0' },
      { id: 'by_origin', type: 'keyBy', config: { key: { fields: ['origin'] } } },
      { id: 'per_hour', type: 'tumblingWindow', config: { size: '1h', aggregates: [{ name: 'flights', fn: 'count' }, { name: 'avg_delay', fn: 'avg', field: 'delay' }, { name: 'worst', fn: 'max', field: 'delay' }] } },
      { id: 'hourly', type: 'kafkaSink', config: { ...kafka, topic: hourly, key: { fields: ['origin'] }, delivery: 'exactly-once', transactionalId: txn } },
      { id: 'where', type: 'map', code: '({ origin: event.origin, topic: event._kafka.topic, partition: event._kafka.partition, offset: event._kafka.offset, key: event._kafka.key, ts: event._kafka.timestamp })' },
      { id: 'meta', type: 'kafkaSink', config: { ...kafka, topic: meta } },
    ],
    edges: [
      { id: 'e1', source: 'flights', sourcePort: 'out', target: 'delayed', targetPort: 'in' },
      { id: 'e2', source: 'delayed', sourcePort: 'out', target: 'by_origin', targetPort: 'in' },
      { id: 'e3', source: 'by_origin', sourcePort: 'out', target: 'per_hour', targetPort: 'in' },
      { id: 'e4', source: 'per_hour', sourcePort: 'out', target: 'hourly', targetPort: 'in' },
      { id: 'e5', source: 'flights', sourcePort: 'out', target: 'where', targetPort: 'in' },
      { id: 'e6', source: 'where', sourcePort: 'out', target: 'meta', targetPort: 'in' },
    ],
  };
}

function rows(bootstrap: string, topic: string): { rows: SinkRow[]; keys: (string | null)[] } {
  const records = kcatRead(bootstrap, topic);
  return { rows: records.map((r) => JSON.parse(r.payload) as SinkRow), keys: records.map((r) => r.key) };
}

describe.skipIf(!flinkAvailability.ok || !kafkaAvailability.ok)('Kafka → window → Kafka on Flink and Tributary (real broker)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  let broker: KafkaBroker;
  let input: string;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('flights');
    await createTopic(broker.bootstrap, input, 3);
    await produceLines(broker.bootstrap, input, readFileSync(FLIGHTS, 'utf8').split('\n').filter((l) => l.length > 0), 3);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it('writes the same hourly rows (exactly-once, keyed) and the same Kafka metadata', async () => {
    const topics = { flinkHourly: uniqueTopic('flink-hourly'), flinkMeta: uniqueTopic('flink-meta'), tribHourly: uniqueTopic('trib-hourly'), tribMeta: uniqueTopic('trib-meta') };
    for (const t of Object.values(topics)) await createTopic(broker.bootstrap, t, 2);

    const dir = tempDir();
    const doc = pipelineFor(broker.bootstrap, input, topics.flinkHourly, topics.flinkMeta, uniqueTopic('txn'));
    const exported = await exportFlink({ document: doc, sourceFile: 'kafka.pipeline.json', baseDir: dir, outDir: join(dir, 'export'), samples: { flights: FLIGHTS } });
    if (!exported.ok) throw new Error(JSON.stringify(exported.problems));
    expect(exported.script).toContain("'sink.delivery-guarantee' = 'exactly-once'");
    const result = await flink().runSql(exported.script, { timeoutMs: 240_000 });
    expect(result.error).toBeUndefined();
    expect(result.jobs.map((j) => j.status)).toEqual(['FINISHED']);

    const file = writePipeline(dir, 'kafka', pipelineFor(broker.bootstrap, input, topics.tribHourly, topics.tribMeta, uniqueTopic('txn')));
    // Without a checkpoint directory the exactly-once sink commits its output in one transaction at the end.
    const run = tributary(['run', file, '--no-progress'], { timeoutMs: 240_000 });
    expect(run.status, run.stderr).toBe(0);

    const flinkHourly = rows(broker.bootstrap, topics.flinkHourly);
    const tribHourly = rows(broker.bootstrap, topics.tribHourly);
    const hourly = diffSink('hourly', tribHourly.rows, flinkHourly.rows);
    expect(hourly.equal, diffLines([hourly]).join('\n')).toBe(true);
    expect(hourly.tributaryRows).toBeGreaterThan(8000);
    // The message key is the origin, as text, on both.
    expect(flinkHourly.keys.sort()).toEqual(tribHourly.keys.sort());
    expect(flinkHourly.keys.every((k, i) => k !== null && i >= 0)).toBe(true);

    const meta = diffSink('meta', rows(broker.bootstrap, topics.tribMeta).rows, rows(broker.bootstrap, topics.flinkMeta).rows);
    expect(meta.equal, diffLines([meta]).join('\n')).toBe(true);
    expect(meta.tributaryRows).toBe(20_000);
  });
});

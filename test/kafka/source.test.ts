/**
 * The Kafka source against a real broker: the flights on a 3-partition topic, read in bounded
 * mode by delays-by-origin, give the same windows as the file replay; malformed values go to
 * `errors` with topic, partition and offset while the rest are processed; an at-least-once
 * Kafka sink's output, read by kcat, equals the file output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { withKcat, createTopic, delaysByOrigin, FLIGHT_TIME, kcatRead, produceLines, sortedRows, uniqueTopic, writePipeline } from './kafka-helpers.ts';

const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');

describe.skipIf(!withKcat.ok)('Kafka source (real broker)', () => {
  let broker: KafkaBroker;
  let flightsTopic: string;
  let fileRows: string[];

  beforeAll(async () => {
    broker = await startKafkaBroker();
    flightsTopic = uniqueTopic('flights');
    await createTopic(broker.bootstrap, flightsTopic, 3);
    const lines = readFileSync(FLIGHTS, 'utf8').split('\n').filter((l) => l.length > 0);
    await produceLines(broker.bootstrap, flightsTopic, lines, 3);
    const out = tempDir();
    const r = tributary(['run', join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), '--out', out, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    fileRows = sortedRows(readFileSync(join(out, 'hourly.jsonl'), 'utf8').split('\n'));
    expect(fileRows.length).toBeGreaterThan(1000);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  const source = (topic: string): Record<string, unknown> => ({
    type: 'kafkaSource',
    config: { brokers: [broker.bootstrap], topics: [topic], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } },
  });

  it('delays-by-origin from a 3-partition topic equals the file replay', () => {
    const dir = tempDir();
    const pipeline = writePipeline(dir, 'kafka', delaysByOrigin(source(flightsTopic), { type: 'fileSink' }));
    const r = tributary(['run', pipeline, '--out', dir, '--no-progress', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = sortedRows(readFileSync(join(dir, 'hourly.jsonl'), 'utf8').split('\n'));
    expect(rows.length).toBe(fileRows.length);
    expect(rows).toEqual(fileRows);
  });

  it('an at-least-once Kafka sink writes what kcat reads back', async () => {
    const sinkTopic = uniqueTopic('hourly');
    await createTopic(broker.bootstrap, sinkTopic, 2);
    const dir = tempDir();
    const sink = { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic: sinkTopic, key: { fields: ['origin'] } } };
    const pipeline = writePipeline(dir, 'to-kafka', delaysByOrigin(source(flightsTopic), sink));
    const r = tributary(['run', pipeline, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const records = kcatRead(broker.bootstrap, sinkTopic);
    expect(sortedRows(records.map((x) => x.payload))).toEqual(fileRows);
    for (const x of records) expect(x.key).toBe((JSON.parse(x.payload) as { origin: string }).origin);
  });

  it('sends malformed values to errors with topic, partition and offset', async () => {
    const topic = uniqueTopic('bad');
    await createTopic(broker.bootstrap, topic, 2);
    const values: string[] = [];
    for (let i = 0; i < 100; i++) values.push(i % 10 === 3 ? `{"n": ${i}, broken` : i % 10 === 7 ? '[1, 2]' : JSON.stringify({ n: i, ts: 1_000 * i }));
    await produceLines(broker.bootstrap, topic, values, 2);
    const dir = tempDir();
    const doc = {
      version: 1,
      name: 'bad values',
      nodes: [
        { id: 'in', type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [topic], stopAtEnd: true, time: { mode: 'event', field: 'ts' } } },
        { id: 'good', type: 'fileSink' },
        { id: 'errors', type: 'fileSink' },
      ],
      edges: [
        { id: 'e1', source: 'in', sourcePort: 'out', target: 'good', targetPort: 'in' },
        { id: 'e2', source: 'in', sourcePort: 'errors', target: 'errors', targetPort: 'in' },
      ],
    };
    const r = tributary(['run', writePipeline(dir, 'bad', doc), '--out', dir, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const good = readFileSync(join(dir, 'good.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; _kafka: { partition: number; offset: number; topic: string } });
    const errors = readFileSync(join(dir, 'errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { node: string; reason: string; topic: string; partition: number; offset: number; raw: string });
    expect(good.map((g) => g.n).sort((a, b) => a - b)).toEqual(values.map((_, i) => i).filter((i) => i % 10 !== 3 && i % 10 !== 7));
    expect(errors.length).toBe(20);
    // Line i went to partition i % 2 at offset floor(i / 2).
    const expected = values.map((_, i) => i).filter((i) => i % 10 === 3 || i % 10 === 7).map((i) => `${i % 2}:${Math.floor(i / 2)}`).sort();
    expect(errors.map((e) => `${e.partition}:${e.offset}`).sort()).toEqual(expected);
    for (const e of errors) {
      expect(e.node).toBe('in');
      expect(e.topic).toBe(topic);
      expect(e.reason).toMatch(/malformed JSON|must be a JSON object/);
    }
    for (const g of good) expect(g._kafka.offset).toBe(Math.floor(g.n / 2));
  });
});

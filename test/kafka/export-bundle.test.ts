/**
 * An exported job bundle with a Kafka source and an exactly-once Kafka sink, against the real
 * test broker: the document holds placeholder brokers and topics, `node job.mjs` gets the real
 * ones as `--param` on the command line (comma-free single values that must become arrays), and
 * the sink topic read back by kcat (read_committed) equals `tributary run` on the file example.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { exportAndInstall, node_modulesAbove, startJob } from '../export/bundle-fixture.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { withKcat, createTopic, delaysByOrigin, FLIGHT_TIME, kcatRead, produceLines, sortedRows, uniqueTopic, writePipeline } from './kafka-helpers.ts';

const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');
/** What the exported document says; the run must never use it. */
const PLACEHOLDER_BROKER = 'kafka.invalid:9092';

describe.skipIf(!withKcat.ok)('exported bundle with Kafka source and sink (real broker)', () => {
  let broker: KafkaBroker;
  let input: string;
  let output: string;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('flights');
    output = uniqueTopic('hourly');
    await createTopic(broker.bootstrap, input, 3);
    await createTopic(broker.bootstrap, output, 2);
    const lines = readFileSync(FLIGHTS, 'utf8').split('\n').filter((l) => l.length > 0);
    await produceLines(broker.bootstrap, input, lines, 3);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it('runs with brokers and topics given as --param and writes what tributary run writes', async () => {
    const reference = tempDir();
    const ref = tributary(['run', join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), '--out', reference, '--no-progress']);
    expect(ref.status, ref.stderr).toBe(0);
    const expected = sortedRows(readFileSync(join(reference, 'hourly.jsonl'), 'utf8').split('\n'));
    expect(expected.length).toBeGreaterThan(1000);

    const source = {
      type: 'kafkaSource',
      config: { brokers: [PLACEHOLDER_BROKER], topics: ['placeholder-input'], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } },
    };
    const sink = { type: 'kafkaSink', config: { brokers: [PLACEHOLDER_BROKER], topic: 'placeholder-output', delivery: 'exactly-once', key: { fields: ['origin'] } } };
    const pipeline = writePipeline(tempDir(), 'kafka-job', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 500, retain: 2 } }));

    const bundle = exportAndInstall(pipeline);
    expect(node_modulesAbove(bundle.dir)).toBeUndefined();
    expect(bundle.installed).toContain('node_modules/kafkajs');
    const exported = readFileSync(join(bundle.dir, 'pipeline.json'), 'utf8');
    expect(exported).toContain(PLACEHOLDER_BROKER);
    expect(exported).not.toContain(broker.bootstrap);

    const args = [
      '--checkpoint-dir', join(tempDir(), 'state'),
      '--param', `flights.brokers=${broker.bootstrap}`,
      '--param', `flights.topics=${input}`,
      '--param', `hourly.brokers=${broker.bootstrap}`,
      '--param', `hourly.topic=${output}`,
      '--no-progress',
    ];
    const result = await startJob(bundle.dir, args).done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/finished: 20,000 records read/);

    const records = kcatRead(broker.bootstrap, output);
    expect(records.every((r) => r.key !== null)).toBe(true);
    const rows = sortedRows(records.map((r) => r.payload));
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);
  }, 300_000);
});

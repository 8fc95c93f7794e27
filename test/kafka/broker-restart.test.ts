/**
 * The broker stops and starts again in the middle of a run: the Kafka source and the
 * exactly-once sink retry through it (or, if the run fails, a restart from its checkpoints
 * finishes it), and the sink topic read with read_committed equals a failure-free run's output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../cli/run-cli.ts';
import { startRun } from '../checkpoint/spawn-run.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { withKcat, createTopic, delaysByOrigin, FLIGHT_TIME, kcatRead, produceLines, referenceRun, sortedRows, uniqueTopic, writePipeline } from './kafka-helpers.ts';

/** About 12 s for the 90 days of flights. */
const SPEED = '650000';

describe.skipIf(!withKcat.ok)('Kafka broker restart mid-run (real broker)', () => {
  let broker: KafkaBroker;
  let input: string;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('flights');
    await createTopic(broker.bootstrap, input, 3);
    const lines = readFileSync(join(REPO, 'examples/data/flights-20k.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0);
    await produceLines(broker.bootstrap, input, lines, 3);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  function pipelineTo(topic: string): string {
    const source = {
      type: 'kafkaSource',
      config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } },
    };
    const sink = { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic, delivery: 'exactly-once' } };
    return writePipeline(tempDir(), 'restart', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 200, retain: 3 } }));
  }

  it('recovers with the same final output', async () => {
    const { topic, expected } = await referenceRun(broker.bootstrap, pipelineTo, 'restarted', 2);
    expect(expected.length).toBeGreaterThan(1000);

    const pipeline = pipelineTo(topic);
    const checkpoints = tempDir();
    const first = startRun([pipeline, '--checkpoint-dir', checkpoints, '--speed', SPEED]);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(first.child.exitCode, 'the run ended before the broker restart').toBeNull();
    const restartStarted = Date.now();
    await broker.restart();
    const restartMs = Date.now() - restartStarted;
    let result = await first.done;
    let attempts = 1;
    // If retries ran out, the run fails naming the node; a restart from the checkpoint finishes it.
    while (result.code !== 0 && attempts < 3) {
      attempts++;
      result = await startRun([pipeline, '--checkpoint-dir', checkpoints]).done;
    }
    console.log(`broker restart took ${restartMs} ms; the run needed ${attempts} attempt(s)`);
    expect(result.code, result.stderr).toBe(0);
    const actual = sortedRows(kcatRead(broker.bootstrap, topic).map((r) => r.payload));
    expect(actual).toEqual(expected);
  }, 240_000);
});

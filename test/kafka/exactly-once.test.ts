/**
 * Exactly-once into Kafka across crashes: flights topic (3 partitions, 200 k records) →
 * delays-by-origin window → exactly-once Kafka sink, run by the real CLI with a checkpoint
 * directory and killed with SIGKILL at 20 seeded random moments, restarted each time. kcat
 * (librdkafka, read_committed) then reads the sink topic: it must hold exactly the output of a
 * failure-free run — no window lost, none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.ts';
import { flights } from '../examples/flights-data.ts';
import { seeded, startRun } from '../checkpoint/spawn-run.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { withKcat, createTopic, delaysByOrigin, FLIGHT_TIME, kcatRead, produceLines, referenceRun, sortedRows, uniqueTopic, writePipeline } from './kafka-helpers.ts';

const KILLS = 20;
const SEED = Number(process.env.TRIBUTARY_KAFKA_CRASH_SEED ?? 20260517);
const COPIES = 10;
/** Crashed runs replay at this multiple of event time (about 55 s for the input), so 20 kills land before the end; the reference runs at full speed. */
const SPEED = '1500000';

/** The flights repeated `copies` times, each copy 90 days later, as JSON lines in time order. */
function flightLines(copies: number): string[] {
  const lines: string[] = [];
  const all = flights();
  for (let copy = 0; copy < copies; copy++) {
    const shift = copy * 90 * 86_400_000;
    for (const f of all) {
      const d = new Date(Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z') + shift);
      lines.push(JSON.stringify({ ...f, date: d.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ') }));
    }
  }
  return lines;
}

describe.skipIf(!withKcat.ok)('exactly-once Kafka sink (real broker)', () => {
  let broker: KafkaBroker;
  let input: string;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    input = uniqueTopic('flights');
    await createTopic(broker.bootstrap, input, 3);
    await produceLines(broker.bootstrap, input, flightLines(COPIES), 3);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  function pipelineTo(topic: string): string {
    const source = {
      type: 'kafkaSource',
      config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } },
    };
    const sink = { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic, delivery: 'exactly-once', key: { fields: ['origin'] } } };
    return writePipeline(tempDir(), 'eo', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 150, retain: 3 } }));
  }

  it(`gives the failure-free output after ${KILLS} SIGKILLs (seed ${SEED})`, async () => {
    const { topic: crashTopic, expected } = await referenceRun(broker.bootstrap, pipelineTo, 'crashed', 2);
    expect(expected.length).toBeGreaterThan(10_000);

    const pipeline = pipelineTo(crashTopic);
    const checkpoints = tempDir();
    const random = seeded(SEED);
    const moments: number[] = [];
    let kills = 0;
    let restores = 0;
    let resent = 0;
    let alreadyCommitted = 0;
    for (let finished = false; !finished; ) {
      const run = startRun([pipeline, '--checkpoint-dir', checkpoints, '--speed', SPEED]);
      let timer: NodeJS.Timeout | undefined;
      if (kills < KILLS) {
        const after = Math.round(800 + random() * 4200);
        moments.push(after);
        timer = setTimeout(() => run.child.kill('SIGKILL'), after);
      }
      const result = await run.done;
      clearTimeout(timer);
      if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
      if (/re-sending \d/.test(result.stderr)) resent++;
      if (/epochs \d[\d, ]* already committed/.test(result.stderr)) alreadyCommitted++;
      if (result.signal === 'SIGKILL') kills++;
      else {
        expect(result.code, result.stderr).toBe(0);
        // A run that ends before its kill moment would leave kills untested: the count below catches it.
        finished = true;
      }
    }
    console.log(`kafka crash test: seed ${SEED}, ${kills} kills at ms ${moments.join(',')}; ${restores} runs restored a checkpoint; on restore ${alreadyCommitted} found committed epochs, ${resent} re-sent epochs`);

    const records = kcatRead(broker.bootstrap, crashTopic);
    const actual = sortedRows(records.map((r) => r.payload));
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
    const windows = new Set(actual.map((l) => { const r = JSON.parse(l) as Record<string, string>; return `${r.origin}|${r.window_start}`; }));
    expect(windows.size).toBe(actual.length);
    for (const r of records.slice(0, 5)) expect(r.headers).toContain('tributary-epoch');
    expect(kills).toBe(KILLS);
    expect(restores).toBeGreaterThan(5);
  }, 600_000);
});

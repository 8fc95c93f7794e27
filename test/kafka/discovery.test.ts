/**
 * Partition and topic discovery against a real broker, with the real CLI: an unbounded Kafka
 * source with `partitionDiscoveryInterval: 1s` reads partitions added while it runs, from their
 * earliest offset, and topics created later that match its `topicPattern` (and not others).
 * Their offsets enter checkpoints: killed with SIGKILL after reading the new partitions and
 * restarted from the checkpoint, the run does not discover them again, and the exactly-once
 * file sink holds every record exactly once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.ts';
import { startRun, type RunningCli } from '../checkpoint/spawn-run.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, kafkaOf, produceLines, uniqueTopic, writePipeline } from './kafka-helpers.ts';

/** `{ id }` values `<batch>-<i>`, produced round-robin over `partitions`. */
function batch(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ id: `${name}-${i}` }));
}

function outputIds(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

/** Polls until `ready()` (a wait for the system, not a timing assertion). */
async function until(what: string, ready: () => boolean, run?: RunningCli, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}${run ? `; stderr:\n${run.stderr()}` : ''}`);
    await sleep(100);
  }
}

describe.skipIf(!availability.ok)('Kafka partition and topic discovery (real broker)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker();
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  function pipeline(subscription: Record<string, unknown>): { file: string; out: string; checkpoints: string } {
    const dir = tempDir();
    const file = writePipeline(dir, 'discover', {
      version: 1,
      name: 'discovery',
      checkpoint: { intervalMs: 200, retain: 3 },
      nodes: [
        { id: 'src', type: 'kafkaSource', config: { brokers: [broker.bootstrap], ...subscription, partitionDiscoveryInterval: '1s', pollTimeout: 200, metadataField: '' } },
        { id: 'seen', type: 'fileSink' },
      ],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'seen', targetPort: 'in' }],
    });
    return { file, out: join(dir, 'out'), checkpoints: join(dir, 'cp') };
  }

  async function addPartitions(topic: string, count: number): Promise<void> {
    const admin = kafkaOf(broker.bootstrap).admin();
    await admin.connect();
    try {
      await admin.createPartitions({ topicPartitions: [{ topic, count }] });
    } finally {
      await admin.disconnect();
    }
  }

  async function stop(run: RunningCli): Promise<void> {
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
  }

  it('reads partitions added mid-run; after SIGKILL and restore their offsets come from the checkpoint', async () => {
    const topic = uniqueTopic('grow');
    await createTopic(broker.bootstrap, topic, 2);
    const first = batch('first', 200);
    await produceLines(broker.bootstrap, topic, first, 2);
    const { file, out, checkpoints } = pipeline({ topics: [topic] });
    const sink = join(out, 'seen.jsonl');
    const args = [file, '--out', out, '--checkpoint-dir', checkpoints];

    const a = startRun(args);
    await until('the first batch in the output', () => outputIds(sink).length === first.length, a);
    const grownAt = Date.now();
    await addPartitions(topic, 4);
    const second = batch('second', 400);
    await produceLines(broker.bootstrap, topic, second, 4); // line i to partition i % 4: 100 to each new partition
    await until('the new partitions discovered', () => /discovered 2 new partitions/.test(a.stderr()), a);
    console.log(`discovery: new partitions found ${((Date.now() - grownAt) / 1000).toFixed(1)} s after they were added (interval 1 s)`);
    expect(a.stderr()).toContain(`discovered 2 new partitions (${topic}/2, ${topic}/3), reading from the earliest offset`);
    await until('records of the new partitions in the output', () => outputIds(sink).filter((id) => id.startsWith('second-')).length >= 200, a);
    a.child.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');

    const b = startRun(args);
    await until('the restore', () => /restoring checkpoint \d+/.test(b.stderr()), b);
    const third = batch('third', 400);
    await produceLines(broker.bootstrap, topic, third, 4);
    const all = [...first, ...second, ...third].map((l) => (JSON.parse(l) as { id: string }).id).sort();
    await until('every record in the output', () => outputIds(sink).length >= all.length, b);
    await sleep(1000); // a few more checkpoints: duplicates, if any, would land now
    await stop(b);
    // The restored run knew partitions 2 and 3 from the checkpoint: nothing to discover.
    expect(b.stderr()).not.toMatch(/discovered \d+ new partition/);
    expect(outputIds(sink).sort()).toEqual(all);
  }, 240_000);

  it('reads topics created later that match topicPattern, and no others', async () => {
    const prefix = uniqueTopic('pattern');
    const one = `${prefix}-one`;
    const two = `${prefix}-two`;
    const other = `${prefix}x-other`;
    await createTopic(broker.bootstrap, one, 1);
    await produceLines(broker.bootstrap, one, batch('one', 50), 1);
    const { file, out, checkpoints } = pipeline({ topicPattern: `${prefix}-(one|two)` });
    const sink = join(out, 'seen.jsonl');
    const run = startRun([file, '--out', out, '--checkpoint-dir', checkpoints]);
    await until('topic one in the output', () => outputIds(sink).length === 50, run);
    await createTopic(broker.bootstrap, two, 2);
    await createTopic(broker.bootstrap, other, 1);
    await produceLines(broker.bootstrap, two, batch('two', 60), 2);
    await produceLines(broker.bootstrap, other, batch('other', 10), 1);
    await until('topic two in the output', () => outputIds(sink).length >= 110, run);
    await sleep(2500); // two more discovery rounds: the other topic would show now
    await stop(run);
    expect(run.stderr()).toContain(`discovered 2 new partitions (${two}/0, ${two}/1)`);
    const ids = outputIds(sink).sort();
    expect(ids).toEqual([...batch('one', 50), ...batch('two', 60)].map((l) => (JSON.parse(l) as { id: string }).id).sort());
  }, 180_000);
});

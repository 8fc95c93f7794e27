/**
 * Offsets visible to Kafka tooling: a Kafka source with a `groupId` commits its checkpointed
 * offsets to that group after each completed checkpoint (monitoring only, as Flink does), so
 * Apache Kafka's own `kafka-consumer-groups --describe` shows how far it has read and its lag:
 * mid-run (a paced replay) committed offsets lie between 0 and the log end with the lag between
 * them; after the run they equal the log end; records produced later show up as exactly that
 * much lag per partition. Without checkpoints the source commits its position at the end. The
 * studio's live metrics carry the same per-partition offsets, ends, lag and committed offsets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import type { HostEvent } from '../../engine/host/protocol.ts';
import { parseRequest } from '../../engine/host/protocol.ts';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';
import { startRun } from '../checkpoint/spawn-run.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { kafkaToolsAvailability } from './kafka-jars.ts';
import { availability, createTopic, kafkaOf, produceLines, uniqueTopic, writePipeline } from './kafka-helpers.ts';
import { describeConsumerGroup, type GroupOffsetRow } from './kafka-tools.ts';

const tools = kafkaToolsAvailability();
const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
if (availability.ok && !tools.ok) {
  if (onCi) throw new Error(`Kafka consumer-group tests cannot run on CI: ${tools.reason}`);
  console.warn(`Skipping Kafka consumer-group tests: ${tools.reason}`);
}

/** Records with an event time 1 s apart. */
function records(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ n: from + i, ts: 1_700_000_000_000 + (from + i) * 1000 }));
}

describe.skipIf(!availability.ok || !tools.ok)('Kafka source offsets in its consumer group (real broker, kafka-consumer-groups)', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startKafkaBroker();
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  function source(topic: string, groupId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { id: 'src', type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [topic], groupId, time: { mode: 'event', field: 'ts' }, metadataField: '', ...extra } };
  }

  function pipeline(topic: string, groupId: string, extra: Record<string, unknown> = {}): string {
    return writePipeline(tempDir(), 'grouped', {
      version: 1,
      name: 'grouped',
      checkpoint: { intervalMs: 300, retain: 2 },
      nodes: [source(topic, groupId, extra), { id: 'sink', type: 'fileSink' }],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'sink', targetPort: 'in' }],
    });
  }

  async function logEnd(topic: string): Promise<Map<number, number>> {
    const admin = kafkaOf(broker.bootstrap).admin();
    await admin.connect();
    try {
      return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
    } finally {
      await admin.disconnect();
    }
  }

  const byPartition = (rows: GroupOffsetRow[]): GroupOffsetRow[] => [...rows].sort((a, b) => a.partition - b.partition);

  it('commits after each checkpoint: kafka-consumer-groups shows progress and lag mid-run, then none, then new records as lag', async () => {
    const topic = uniqueTopic('grouped');
    const group = uniqueTopic('tributary-group');
    await createTopic(broker.bootstrap, topic, 3);
    await produceLines(broker.bootstrap, topic, records(3000), 3);
    const ends = await logEnd(topic);
    // 3000 s of event time at 200× ≈ 15 s: long enough to look at the group mid-run.
    const run = startRun([pipeline(topic, group, { stopAtEnd: true }), '--out', tempDir(), '--checkpoint-dir', tempDir(), '--speed', '200']);
    await sleep(5000);
    const mid = byPartition(await describeConsumerGroup(broker.bootstrap, group));
    console.log(`mid-run: ${mid.map((r) => `p${r.partition} offset ${r.currentOffset} of ${r.logEndOffset}, lag ${r.lag}`).join('; ')}`);
    expect(mid.map((r) => r.partition)).toEqual([0, 1, 2]);
    for (const r of mid) {
      expect(r.topic).toBe(topic);
      expect(r.logEndOffset).toBe(ends.get(r.partition));
      expect(r.currentOffset).toBeGreaterThan(0);
      expect(r.currentOffset).toBeLessThan(r.logEndOffset);
      expect(r.lag).toBe(r.logEndOffset - (r.currentOffset as number));
    }
    const done = await run.done;
    expect(done.code, done.stderr).toBe(0);

    const after = byPartition(await describeConsumerGroup(broker.bootstrap, group));
    expect(after.map((r) => [r.partition, r.currentOffset, r.lag])).toEqual([...ends].sort((a, b) => a[0] - b[0]).map(([p, end]) => [p, end, 0]));

    // 7 more records, line i to partition i % 3: 3, 2 and 2 records of lag.
    await produceLines(broker.bootstrap, topic, records(7, 3000), 3);
    const lagging = byPartition(await describeConsumerGroup(broker.bootstrap, group));
    expect(lagging.map((r) => r.lag)).toEqual([3, 2, 2]);
  }, 180_000);

  it('without checkpoints commits its position at the end', async () => {
    const topic = uniqueTopic('grouped-plain');
    const group = uniqueTopic('tributary-group');
    await createTopic(broker.bootstrap, topic, 2);
    await produceLines(broker.bootstrap, topic, records(500), 2);
    const r = tributary(['run', pipeline(topic, group, { stopAtEnd: true }), '--out', tempDir(), '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    const rows = byPartition(await describeConsumerGroup(broker.bootstrap, group));
    expect(rows.map((x) => [x.partition, x.currentOffset, x.lag])).toEqual([
      [0, 250, 0],
      [1, 250, 0],
    ]);
  }, 120_000);

  it("gives the studio each partition's offset, end, lag and committed offset in the live metrics", async () => {
    const topic = uniqueTopic('grouped-studio');
    const group = uniqueTopic('tributary-group');
    await createTopic(broker.bootstrap, topic, 2);
    await produceLines(broker.bootstrap, topic, records(400), 2);
    const host = new EngineHost({ root: REPO, metricsIntervalMs: 50 });
    const events: HostEvent[] = [];
    host.onEvent((e) => events.push(e));
    const document = {
      version: 1,
      name: 'studio lag',
      nodes: [source(topic, group, { stopAtEnd: true }), { id: 'sink', type: 'previewSink' }],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'sink', targetPort: 'in' }],
    };
    const parsed = parseRequest({ kind: 'request', id: 1, call: 'run', args: { document, speed: 100 } });
    if (!parsed.ok) throw new Error(parsed.error);
    const started = await host.handle(parsed.request);
    expect(started.ok, JSON.stringify(started)).toBe(true);
    for (let i = 0; i < 600 && !events.some((e) => e.type === 'runFinished' || e.type === 'runFailed'); i++) await sleep(100);
    const finished = events.find((e) => e.type === 'runFinished');
    expect(finished, JSON.stringify(events.filter((e) => e.type === 'runFailed'))).toBeDefined();
    const partitionsSeen = events.flatMap((e) => (e.type === 'metrics' ? (e.nodes.find((n) => n.nodeId === 'src')?.partitions ?? []) : []));
    // While it ran: some lag, always end - offset.
    expect(partitionsSeen.some((p) => (p.lag ?? 0) > 0)).toBe(true);
    for (const p of partitionsSeen) if (p.lag !== null && p.end !== null) expect(p.lag).toBe(p.end - p.offset);
    const last = finished?.type === 'runFinished' ? finished.summary.nodes.find((n) => n.nodeId === 'src')?.partitions : undefined;
    expect(last?.map((p) => [p.partition, p.offset, p.end, p.lag, p.committed]).sort()).toEqual([
      [0, 200, 200, 0, 200],
      [1, 200, 200, 0, 200],
    ]);
  }, 120_000);
});

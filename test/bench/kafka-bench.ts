/**
 * Kafka figures for `npm run bench`, on a local single-node broker (test/kafka/broker.ts):
 * the flights × 10 (200 k records) on a 3-partition topic, then delays-by-origin
 * Kafka → 1 h window → (file | Kafka at-least-once | Kafka exactly-once), each a real CLI run
 * with checkpoints every second. Prints records read per second over the whole run and the
 * records the sink wrote; also kafkajs's own produce rate as a baseline. Then end-to-end
 * latency (kafka-latency.ts) on the same broker. Skipped, with the reason, when no broker can
 * run here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, tempDir } from '../cli/run-cli.ts';
import { flights } from '../examples/flights-data.ts';
import { kafkaAvailability, startKafkaBroker } from '../kafka/broker.ts';
import { createTopic, delaysByOrigin, FLIGHT_TIME, produceLines, uniqueTopic, writePipeline } from '../kafka/kafka-helpers.ts';
import { kafkaLatencyBench } from './kafka-latency.ts';

interface RunSummary {
  durationMs: number;
  recordsRead: number;
  nodes: { nodeId: string; accepted: number }[];
}

function flightLines(copies: number): string[] {
  const lines: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const shift = copy * 90 * 86_400_000;
    for (const f of flights()) {
      const d = new Date(Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z') + shift);
      lines.push(JSON.stringify({ ...f, date: d.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ') }));
    }
  }
  return lines;
}

export async function kafkaBench(): Promise<void> {
  const available = kafkaAvailability();
  if (!available.ok) {
    console.log(`kafka → window → kafka\n  skipped: ${available.reason}`);
    return;
  }
  process.stderr.write('bench: kafka broker…\n');
  const broker = await startKafkaBroker();
  try {
    const input = uniqueTopic('bench-flights');
    await createTopic(broker.bootstrap, input, 3);
    const lines = flightLines(10);
    const t0 = performance.now();
    await produceLines(broker.bootstrap, input, lines, 3);
    const produceSeconds = (performance.now() - t0) / 1000;
    console.log(`kafkajs produce baseline (idempotent, 100 records per partition per send)\n  ${lines.length.toLocaleString('en-US')} records in ${produceSeconds.toFixed(2)} s = ${Math.round(lines.length / produceSeconds).toLocaleString('en-US')} msg/s`);
    const source = { type: 'kafkaSource', config: { brokers: [broker.bootstrap], topics: [input], stopAtEnd: true, time: FLIGHT_TIME, watermarks: { maxOutOfOrderness: '5m' } } };
    for (const delivery of ['file', 'at-least-once', 'exactly-once'] as const) {
      const dir = tempDir();
      const topic = uniqueTopic('bench-out');
      if (delivery !== 'file') await createTopic(broker.bootstrap, topic, 3);
      const sink = delivery === 'file' ? { type: 'fileSink' } : { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic, delivery, key: { fields: ['origin'] } } };
      const pipeline = writePipeline(dir, 'bench', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 1000, retain: 2 } }));
      process.stderr.write(`bench: kafka → window → ${delivery}…\n`);
      const r = spawnSync(process.execPath, [join(REPO, 'bin/tributary.mjs'), 'run', pipeline, '--out', dir, '--checkpoint-dir', join(dir, 'cp'), '--no-progress', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) {
        console.log(`kafka → window → ${delivery}\n  failed: ${r.stderr.trim().split('\n').pop() ?? ''}`);
        continue;
      }
      const s = JSON.parse(r.stdout) as RunSummary;
      const written = s.nodes.find((n) => n.nodeId === 'hourly')?.accepted ?? 0;
      const seconds = s.durationMs / 1000;
      console.log(
        `kafka (3 partitions) → 1 h window → ${delivery === 'file' ? 'file sink' : `kafka sink, ${delivery}`}\n  ${s.recordsRead.toLocaleString('en-US')} records read in ${seconds.toFixed(2)} s = ${Math.round(s.recordsRead / seconds).toLocaleString('en-US')} ev/s | ${written.toLocaleString('en-US')} records written = ${Math.round(written / seconds).toLocaleString('en-US')} msg/s`,
      );
    }
    await kafkaLatencyBench(broker.bootstrap);
  } finally {
    await broker.stop();
  }
}

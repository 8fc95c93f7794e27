/**
 * Kafka figures for `npm run bench`, on a local single-node broker (test/kafka/broker.ts):
 * the flights × 10 (200 k records) on a 3-partition topic, then delays-by-origin
 * Kafka → 1 h window → (file | Kafka at-least-once | Kafka exactly-once), each a real CLI run
 * with checkpoints every second, three times (the machine is shared: medians). Prints records
 * read per second over the whole run and the records the sink wrote; also kafkajs's own
 * produce rate as a baseline. Then backpressure: the engine's peak RSS reading 200 k and 800 k
 * records into a Kafka sink that the broker throttles (a quota: the sink sleeps on every
 * produce) and into a file sink; bounded memory means the same peak for both sizes. Then
 * end-to-end latency (kafka-latency.ts) on the same broker. Skipped, with the reason, when no
 * broker can run here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { REPO, tempDir } from '../cli/run-cli.ts';
import { flights } from '../examples/flights-data.ts';
import { kafkaAvailability, startKafkaBroker } from '../kafka/broker.ts';
import { createTopic, delaysByOrigin, FLIGHT_TIME, produceLines, uniqueTopic, writePipeline } from '../kafka/kafka-helpers.ts';
import { setProducerQuota } from '../kafka/kafka-tools.ts';
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

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface BackpressureRun {
  records: number;
  seconds: number;
  startRssMb: number;
  peakRssMb: number;
  backpressuredSeconds: number;
}

const caseScript = fileURLToPath(new URL('./kafka-backpressure-case.ts', import.meta.url));
/** The old-space limit one run of the largest input must fit in. */
const HEAP_CAP_MB = 96;
/** What the broker lets the throttled sink write, bytes/s. */
const SLOW_SINK_BYTES_PER_SECOND = 4_000_000;

/** Peak RSS of the engine with a throttled Kafka sink and with a file sink, for two input sizes. */
async function backpressureBench(bootstrap: string): Promise<void> {
  const slowClient = 'tributary-bench-slow-sink';
  await setProducerQuota(bootstrap, slowClient, SLOW_SINK_BYTES_PER_SECOND);
  const pad = 'x'.repeat(60);
  for (const count of [200_000, 800_000]) {
    const input = uniqueTopic('bench-bp');
    await createTopic(bootstrap, input, 3);
    process.stderr.write(`bench: writing ${count.toLocaleString('en-US')} records for the backpressure case…\n`);
    await produceLines(bootstrap, input, Array.from({ length: count }, (_, n) => JSON.stringify({ n, pad })), 3);
    for (const mode of ['throttled', 'file'] as const) {
      const runs: BackpressureRun[] = [];
      for (let i = 0; i < 3; i++) {
        const output = uniqueTopic('bench-bp-out');
        if (mode === 'throttled') await createTopic(bootstrap, output, 3);
        process.stderr.write(`bench: backpressure ${count} → ${mode} (${i + 1}/3)…\n`);
        const stdout = execFileSync(process.execPath, ['--import', 'tsx', caseScript, bootstrap, input, output, slowClient, ...(mode === 'file' ? ['file'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
        runs.push(JSON.parse(stdout.trim().split('\n').pop() as string) as BackpressureRun);
      }
      const m = (f: (r: BackpressureRun) => number): number => median(runs.map(f));
      const what = mode === 'throttled' ? `kafka sink throttled to ${SLOW_SINK_BYTES_PER_SECOND / 1e6} MB/s by a broker quota` : 'file sink';
      console.log(
        `backpressure: kafka (${count.toLocaleString('en-US')} records, ~${Math.round((count * 80) / 1e6)} MB) → ${what}\n  median of 3: peak RSS ${m((r) => r.peakRssMb)} MB (start ${m((r) => r.startRssMb)} MB) | ${m((r) => r.seconds).toFixed(1)} s, source backpressured ${m((r) => r.backpressuredSeconds).toFixed(1)} s | peaks: ${runs.map((r) => r.peakRssMb).join(', ')} MB`,
      );
      if (count !== 800_000) continue;
      // Bounded means it also runs in a small heap: anything buffered per record would not fit.
      const output = uniqueTopic('bench-bp-out');
      if (mode === 'throttled') await createTopic(bootstrap, output, 3);
      const capped = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', caseScript, bootstrap, input, output, slowClient, ...(mode === 'file' ? ['file'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const fit = capped.status === 0 ? (JSON.parse(capped.stdout.trim().split('\n').pop() as string) as BackpressureRun) : undefined;
      console.log(`  with V8's old space capped at ${HEAP_CAP_MB} MB: ${fit ? `completed, peak RSS ${fit.peakRssMb} MB, ${fit.seconds.toFixed(1)} s` : `FAILED (${capped.stderr.trim().split('\n').pop() ?? ''})`}`);
    }
  }
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
      const runs: { readPerSecond: number; writtenPerSecond: number; seconds: number }[] = [];
      let failed: string | undefined;
      for (let i = 0; i < 3 && failed === undefined; i++) {
        const dir = tempDir();
        const topic = uniqueTopic('bench-out');
        if (delivery !== 'file') await createTopic(broker.bootstrap, topic, 3);
        const sink = delivery === 'file' ? { type: 'fileSink' } : { type: 'kafkaSink', config: { brokers: [broker.bootstrap], topic, delivery, key: { fields: ['origin'] } } };
        const pipeline = writePipeline(dir, 'bench', delaysByOrigin(source, sink, { checkpoint: { intervalMs: 1000, retain: 2 } }));
        process.stderr.write(`bench: kafka → window → ${delivery} (${i + 1}/3)…\n`);
        const r = spawnSync(process.execPath, [join(REPO, 'bin/tributary.mjs'), 'run', pipeline, '--trust', '--out', dir, '--checkpoint-dir', join(dir, 'cp'), '--no-progress', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        if (r.status !== 0) {
          failed = r.stderr.trim().split('\n').pop() ?? '';
          break;
        }
        const s = JSON.parse(r.stdout) as RunSummary;
        const written = s.nodes.find((n) => n.nodeId === 'hourly')?.accepted ?? 0;
        const seconds = s.durationMs / 1000;
        runs.push({ readPerSecond: s.recordsRead / seconds, writtenPerSecond: written / seconds, seconds });
      }
      const label = `kafka (3 partitions) → 1 h window → ${delivery === 'file' ? 'file sink' : `kafka sink, ${delivery}`}`;
      if (failed !== undefined) {
        console.log(`${label}\n  failed: ${failed}`);
        continue;
      }
      const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
      console.log(
        `${label}\n  median of 3: ${fmt(median(runs.map((r) => r.readPerSecond)))} ev/s read | ${fmt(median(runs.map((r) => r.writtenPerSecond)))} msg/s written (runs: ${runs.map((r) => fmt(r.readPerSecond)).join(', ')} ev/s)`,
      );
    }
    await backpressureBench(broker.bootstrap);
    await kafkaLatencyBench(broker.bootstrap);
  } finally {
    await broker.stop();
  }
}

// `npx tsx test/bench/kafka-bench.ts`: the Kafka figures alone.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) await kafkaBench();

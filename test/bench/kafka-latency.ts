/**
 * End-to-end Kafka latency for `npm run bench` (called from kafka-bench.ts on its broker):
 * a producer writes records at a steady rate, each stamped with its produce wall-clock time `t`;
 * an in-process Job reads them (unbounded kafkaSource, Kafka timestamps as event time) and
 * writes to a Kafka sink, through either a map (the engine and sink path alone) or a 1 s
 * tumbling window (`max(t)` per window: its newest input); a read_committed reader of the sink
 * topic notes when each output record becomes visible. Latency = visible time − `t`.
 *
 * Each run: 2 s warm-up, then a measured phase, then tail records until every measured output
 * is visible (bounded by a deadline), all at the same rate; only outputs whose `t` lies in the
 * measured phase count (for windows: windows whose newest record does). Producer, reader and
 * job share this process's event loop; the broker is the local one (127.0.0.1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafkaClient, type KafkaReader, type TopicPartitionOffset } from '../../engine/connectors/kafka/client.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { createTopic, kafkaOf, uniqueTopic } from '../kafka/kafka-helpers.ts';
import { REPO } from './cases.ts';

const RATE = Number(process.env.BENCH_KAFKA_LATENCY_RATE ?? 5000);
const MEASURE_MS = Number(process.env.BENCH_KAFKA_LATENCY_SECONDS ?? 10) * 1000;
const WARMUP_MS = 2000;
/** Measurements per configuration (medians are printed). */
const RUNS = Number(process.env.BENCH_KAFKA_LATENCY_RUNS ?? 3);
/** Longest wait for the last measured outputs after the measured phase ends. */
const DRAIN_MS = 15_000;
const PARTITIONS = 3;

type Shape = 'map' | 'window';
type Delivery = 'at-least-once' | 'exactly-once';

export interface LatencyResult {
  shape: Shape;
  delivery: Delivery;
  intervalMs: number;
  /** Outputs measured (records for map, windows for window). */
  samples: number;
  /** Outputs the measured phase should have produced (map only; windows: same as samples). */
  expected: number;
  p50: number;
  p99: number;
  max: number;
  error?: string;
}

interface OutputValue {
  seq?: number;
  t: number;
  window_end?: string;
}

function pipelineFor(shape: Shape, bootstrap: string, input: string, output: string, delivery: Delivery, intervalMs: number): unknown {
  const middle =
    shape === 'map'
      ? { id: 'middle', type: 'map', code: '({ seq: event.seq, t: event.t })' }
      : {
          id: 'middle',
          type: 'tumblingWindow',
          config: { size: '1s', aggregates: [{ name: 'n', fn: 'count' }, { name: 't', fn: 'max', field: 't' }] },
        };
  return {
    version: 1,
    name: `kafka latency ${shape} ${delivery}`,
    checkpoint: { intervalMs, retain: 2 },
    nodes: [
      {
        id: 'source',
        type: 'kafkaSource',
        config: { brokers: [bootstrap], topics: [input], startFrom: 'earliest', format: 'json', metadataField: '', time: { mode: 'kafka' }, watermarks: { maxOutOfOrderness: 0 } },
      },
      middle,
      { id: 'sink', type: 'kafkaSink', config: { brokers: [bootstrap], topic: output, delivery, transactionalId: `bench-${output}` } },
    ],
    edges: [
      { id: 'a', source: 'source', sourcePort: 'out', target: 'middle', targetPort: 'in' },
      { id: 'b', source: 'middle', sourcePort: 'out', target: 'sink', targetPort: 'in' },
    ],
  };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

async function measure(bootstrap: string, shape: Shape, delivery: Delivery, intervalMs: number): Promise<LatencyResult> {
  const input = uniqueTopic('bench-lat-in');
  const output = uniqueTopic('bench-lat-out');
  await createTopic(bootstrap, input, PARTITIONS);
  await createTopic(bootstrap, output, PARTITIONS);
  const validated = validatePipeline(pipelineFor(shape, bootstrap, input, output, delivery, intervalMs));
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-lat-'));
  const store = await CheckpointStore.open(dir, 2);
  const job = createJob(validated.pipeline, { baseDir: REPO, checkpoint: { store, intervalMs } });
  let jobError: string | undefined;
  const running = job.run().catch((error: unknown) => {
    jobError = error instanceof Error ? error.message : String(error);
  });

  // The read_committed reader of the sink topic, from its start.
  const reader: KafkaReader = await (await createKafkaClient({ brokers: [bootstrap] })).reader('read_committed');
  const outStart = await reader.offsets(output, 'earliest');
  const positions: TopicPartitionOffset[] = [...outStart].map(([partition, offset]) => ({ topic: output, partition, offset }));
  const latencies = new Map<number, number>();
  let windowIndex = 0;
  let lastWindowEnd = 0;
  let measuredFrom = Infinity;
  let measuredTo = Infinity;
  let reading = true;
  const consume = (async (): Promise<void> => {
    while (reading) {
      const fetched = await reader.fetch(positions, 100);
      const visible = Date.now();
      for (const f of fetched) {
        const at = positions.find((p) => p.partition === f.partition);
        if (at) at.offset = f.nextOffset;
        for (const m of f.messages) {
          const v = JSON.parse(m.value?.toString('utf8') ?? '{}') as OutputValue;
          if (v.window_end !== undefined) lastWindowEnd = Math.max(lastWindowEnd, Date.parse(v.window_end));
          if (v.t >= measuredFrom && v.t < measuredTo) latencies.set(v.seq ?? windowIndex++, visible - v.t);
        }
      }
    }
  })();

  // The producer: RATE records/s, `t` stamped just before each send.
  const producer = kafkaOf(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  measuredFrom = started + WARMUP_MS;
  measuredTo = measuredFrom + MEASURE_MS;
  let sent = 0;
  let measuredCount = 0;
  const complete = (): boolean => (shape === 'map' ? latencies.size >= measuredCount : lastWindowEnd >= measuredTo);
  try {
    for (;;) {
      const now = Date.now();
      if (jobError !== undefined || now >= measuredTo + DRAIN_MS || (now >= measuredTo && complete())) break;
      const due = Math.floor(((now - started) * RATE) / 1000);
      if (due <= sent) {
        await sleep(2);
        continue;
      }
      const t = Date.now();
      const messages = Array.from({ length: due - sent }, (_, i) => ({ partition: (sent + i) % PARTITIONS, value: JSON.stringify({ seq: sent + i, t }) }));
      if (t >= measuredFrom && t < measuredTo) measuredCount += messages.length;
      await producer.send({ topic: input, messages, acks: -1 });
      sent += messages.length;
    }
  } finally {
    await producer.disconnect();
    job.stop();
    await running;
    reading = false;
    await consume.catch(() => undefined);
    await reader.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...latencies.values()].sort((a, b) => a - b);
  return {
    shape,
    delivery,
    intervalMs,
    samples: sorted.length,
    expected: shape === 'map' ? measuredCount : sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    error: jobError ?? (shape === 'map' && sorted.length < measuredCount ? `only ${sorted.length} of ${measuredCount} records visible within ${DRAIN_MS / 1000} s` : undefined),
  };
}

/** Runs every latency case against `bootstrap` and prints one line per case. */
export async function kafkaLatencyBench(bootstrap: string): Promise<LatencyResult[]> {
  const fmt = (n: number): string => (Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US'));
  const results: LatencyResult[] = [];
  console.log(
    `kafka → (map | 1 s tumbling window) → kafka: end-to-end latency, produce time → visible to a read_committed reader\n` +
      `  ${RATE.toLocaleString('en-US')} records/s over ${PARTITIONS} partitions for ${MEASURE_MS / 1000} s (after ${WARMUP_MS / 1000} s warm-up); window latency counts from its newest record`,
  );
  for (const shape of ['map', 'window'] as const) {
    for (const [delivery, intervalMs] of [
      ['at-least-once', 1000],
      ['at-least-once', 200],
      ['exactly-once', 1000],
      ['exactly-once', 200],
    ] as const) {
      // The machine is shared: each figure is the median of RUNS measurements.
      const runs: LatencyResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        process.stderr.write(`bench: kafka latency, ${shape}, ${delivery}, checkpoint ${intervalMs} ms (${i + 1}/${RUNS})…\n`);
        runs.push(await measure(bootstrap, shape, delivery, intervalMs));
      }
      const median = (f: (x: LatencyResult) => number): number => [...runs.map(f)].sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number;
      const r: LatencyResult = { ...(runs[0] as LatencyResult), p50: median((x) => x.p50), p99: median((x) => x.p99), max: median((x) => x.max), samples: median((x) => x.samples), error: runs.find((x) => x.error)?.error };
      results.push(r);
      const what = shape === 'map' ? `${r.samples.toLocaleString('en-US')} records` : `${r.samples} windows`;
      console.log(
        `  ${shape.padEnd(6)} ${delivery.padEnd(13)} checkpoint ${String(intervalMs).padStart(4)} ms: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms (${what}; medians of ${RUNS}; p50s ${runs.map((x) => fmt(x.p50)).join(', ')})${r.error ? ` | ${r.error}` : ''}`,
      );
    }
  }
  return results;
}

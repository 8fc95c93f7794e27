/**
 * Helpers for the Kafka connector tests: skip-or-fail on a machine without Java or kcat (a
 * skip prints the reason; on CI a missing tool fails instead), topics, producing lines with
 * kafkajs, reading a topic back with Debian's `kcat` (an independent client, librdkafka,
 * read_committed), and writing pipeline files.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaAvailability, type KafkaAvailability } from './broker.ts';
import { tempDir, tributary } from '../cli/run-cli.ts';

const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/** Whether `kcat` runs here (`kcat -V`), or why not. */
function kcatAvailability(): KafkaAvailability {
  const r = spawnSync('kcat', ['-V'], { stdio: 'ignore', timeout: 30_000 });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  const problem =
    code === 'ENOENT' ? "'kcat' was not found on PATH" : r.error ? `'kcat -V' failed: ${r.error.message}` : r.status !== 0 ? `'kcat -V' exited with ${String(r.status)}` : undefined;
  return problem === undefined ? { ok: true } : { ok: false, reason: `${problem}; install kcat (Debian/Ubuntu: apt-get install kcat), which the tests use to read topics back` };
}

/** Prints why `what` is skipped, or fails on CI, where every tool is provisioned. */
function skipOrFail(result: KafkaAvailability, what: string): KafkaAvailability {
  if (!result.ok) {
    if (onCi) throw new Error(`${what} cannot run on CI: ${result.reason}`);
    console.warn(`Skipping ${what}: ${result.reason}`);
  }
  return result;
}

/** A broker can be started (Java, and Maven or cached jars). */
export const availability = skipOrFail(kafkaAvailability(), 'Kafka connector tests');

/** A broker and `kcat`: what the tests that read a topic back with `kcatRead` need. */
export const withKcat: KafkaAvailability = availability.ok ? skipOrFail(kcatAvailability(), 'Kafka tests that read topics with kcat') : availability;

export function uniqueTopic(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}`;
}

export function kafkaOf(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'tributary-test', brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

export async function createTopic(bootstrap: string, topic: string, numPartitions: number): Promise<void> {
  const admin = kafkaOf(bootstrap).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: false });
    // kafkajs's own wait (waitForLeaders) gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy
    // broker answers until the new topic's metadata has propagated: poll until every partition
    // has a leader instead.
    for (let attempt = 0; ; attempt++) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length === numPartitions && partitions.every((p) => p.leader >= 0)) break;
      } catch (error) {
        if (attempt >= 300) throw error;
      }
      if (attempt >= 300) throw new Error(`topic ${topic}: partitions without a leader after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produces `values` round-robin over `partitions` partitions (line i to partition i mod n), in
 * order, 100 records per partition per request: record batches of about 10 KB, like the Java
 * producer's default `batch.size` (16 KB), so a paced source interleaves partitions finely.
 */
export async function produceLines(bootstrap: string, topic: string, values: readonly string[], partitions: number): Promise<void> {
  const producer = kafkaOf(bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const step = 100 * partitions;
    for (let i = 0; i < values.length; i += step) {
      const messages = values.slice(i, i + step).map((value, j) => ({ value, partition: (i + j) % partitions }));
      await producer.send({ topic, messages, acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface KcatRecord {
  partition: number;
  offset: number;
  key: string | null;
  payload: string;
  headers: string[];
}

/** Reads the whole topic with kcat (`-J` envelopes, read_committed) and returns every record. */
export function kcatRead(bootstrap: string, topic: string): KcatRecord[] {
  const r = spawnSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q', '-X', 'isolation.level=read_committed'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 << 20,
  });
  if (r.error) throw new Error(`kcat could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`kcat failed (${String(r.status ?? r.signal)}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as KcatRecord);
}

/** Writes a pipeline document into `dir`. @returns its path. */
export function writePipeline(dir: string, name: string, doc: unknown): string {
  const path = join(dir, `${name}.pipeline.json`);
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

/** The delays-by-origin chain (filter → keyBy → 1 h window) after `source`, into `sink`. */
export function delaysByOrigin(source: Record<string, unknown>, sink: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return {
    version: 1,
    name: 'delays by origin (kafka)',
    ...extra,
    nodes: [
      { id: 'flights', ...source },
      { id: 'delayed', type: 'filter', code: 'event.delay > 0' },
      { id: 'by_origin', type: 'keyBy', config: { key: { fields: ['origin'] } } },
      {
        id: 'per_hour',
        type: 'tumblingWindow',
        config: { size: '1h', aggregates: [{ name: 'flights', fn: 'count' }, { name: 'avg_delay', fn: 'avg', field: 'delay' }] },
      },
      { id: 'hourly', ...sink },
    ],
    edges: [
      { id: 'e1', source: 'flights', sourcePort: 'out', target: 'delayed', targetPort: 'in' },
      { id: 'e2', source: 'delayed', sourcePort: 'out', target: 'by_origin', targetPort: 'in' },
      { id: 'e3', source: 'by_origin', sourcePort: 'out', target: 'per_hour', targetPort: 'in' },
      { id: 'e4', source: 'per_hour', sourcePort: 'out', target: 'hourly', targetPort: 'in' },
    ],
  };
}

export const FLIGHT_TIME = { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' } as const;

/** Rows as a sorted list of JSON strings, for comparing outputs as sets. */
export function sortedRows(lines: readonly string[]): string[] {
  return lines.filter((l) => l.trim().length > 0).map((l) => JSON.stringify(JSON.parse(l))).sort();
}

/**
 * The failure-free reference for a sink-topic test: creates a reference topic and the topic
 * under test (`partitions` each), runs `pipelineTo(reference)` to the end with the CLI, and
 * reads the reference with kcat (read_committed). @throws Error when the reference run fails.
 */
export async function referenceRun(
  bootstrap: string,
  pipelineTo: (topic: string) => string,
  name: string,
  partitions: number,
): Promise<{ topic: string; expected: string[] }> {
  const referenceTopic = uniqueTopic('reference');
  const topic = uniqueTopic(name);
  await createTopic(bootstrap, referenceTopic, partitions);
  await createTopic(bootstrap, topic, partitions);
  const clean = tributary(['run', pipelineTo(referenceTopic), '--checkpoint-dir', tempDir(), '--no-progress']);
  if (clean.status !== 0) throw new Error(`the failure-free run failed: ${clean.stderr}`);
  return { topic, expected: sortedRows(kcatRead(bootstrap, referenceTopic).map((r) => r.payload)) };
}

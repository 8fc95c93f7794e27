/**
 * The editor's Kafka "list topics" / "test connection" through the engine host's protocol call,
 * against a real broker: topics are listed, a missing topic and an unreachable broker come
 * back as one line naming the connection and the cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { parseRequest } from '../../engine/host/protocol.ts';
import { REPO } from '../cli/run-cli.ts';
import { startKafkaBroker, type KafkaBroker } from './broker.ts';
import { availability, createTopic, uniqueTopic } from './kafka-helpers.ts';

async function kafkaCheck(host: EngineHost, args: Record<string, unknown>): Promise<{ ok: boolean; topics?: string[]; partitions?: number; error?: string }> {
  const parsed = parseRequest({ kind: 'request', id: 1, call: 'kafkaCheck', args });
  if (!parsed.ok) throw new Error(parsed.error);
  const response = await host.handle(parsed.request);
  if (!response.ok) throw new Error(response.error);
  return response.result as { ok: boolean; topics?: string[]; partitions?: number; error?: string };
}

describe.skipIf(!availability.ok)('Kafka connection check (real broker)', () => {
  let broker: KafkaBroker;
  let topic: string;
  const host = new EngineHost({ root: REPO });

  beforeAll(async () => {
    broker = await startKafkaBroker();
    topic = uniqueTopic('check');
    await createTopic(broker.bootstrap, topic, 3);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it('lists topics and reports a topic\'s partitions', async () => {
    const listed = await kafkaCheck(host, { brokers: [broker.bootstrap] });
    expect(listed.ok).toBe(true);
    expect(listed.topics).toContain(topic);
    const checked = await kafkaCheck(host, { brokers: [broker.bootstrap], topic });
    expect(checked).toMatchObject({ ok: true, partitions: 3 });
  });

  it('says when a topic does not exist', async () => {
    const r = await kafkaCheck(host, { brokers: [broker.bootstrap], topic: 'no-such-topic' });
    expect(r.ok).toBe(false);
    expect(r.error).toBe(`topic "no-such-topic" does not exist on ${broker.bootstrap}`);
    expect(r.topics).toContain(topic);
  });

  it('says when the broker cannot be reached', async () => {
    const r = await kafkaCheck(host, { brokers: ['127.0.0.1:1'], topic });
    expect(r.ok).toBe(false);
    expect(r.error).toBe('Kafka at 127.0.0.1:1 (PLAINTEXT): cannot reach the broker (ECONNREFUSED)');
  }, 30_000);
});

/**
 * "List topics" and "Test connection" for Kafka nodes: asks the engine host to connect with the
 * node's brokers and TLS/SASL settings (TLS files relative to the document's folder, `{ env }`
 * credentials read by the host) and shows the topics, or the one-line reason it could not.
 * Clicking a listed topic puts it into the node's config.
 */
import { useState } from 'react';
import type { KafkaSasl, KafkaTls } from '../../engine/nodes/common/kafka-config.ts';
import { host } from '../host/get-host.ts';

interface KafkaFields {
  brokers?: string[];
  topic?: string;
  topics?: string[];
  ssl?: boolean | KafkaTls;
  sasl?: KafkaSasl;
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'ok'; text: string; topics: string[] } | { kind: 'error'; text: string; topics?: string[] };

export function KafkaConnection({ config, baseDir, onPickTopic }: { config: KafkaFields; baseDir: string; onPickTopic: (topic: string) => void }) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const topic = config.topic ?? config.topics?.[0];
  const check = async (withTopic: boolean): Promise<void> => {
    setStatus({ kind: 'busy' });
    try {
      const r = await host().kafkaCheck({ brokers: config.brokers ?? [], topic: withTopic ? topic : undefined, ssl: config.ssl, sasl: config.sasl, baseDir });
      if (r.ok) {
        const text = withTopic && topic ? `connected; topic "${topic}" has ${r.partitions ?? '?'} partitions` : `connected; ${r.topics?.length ?? 0} topics`;
        setStatus({ kind: 'ok', text, topics: r.topics ?? [] });
      } else setStatus({ kind: 'error', text: r.error ?? 'failed', topics: r.topics });
    } catch (error) {
      setStatus({ kind: 'error', text: (error as Error).message });
    }
  };
  const topics = status.kind === 'ok' || status.kind === 'error' ? (status.topics ?? []) : [];
  return (
    <div className="field" data-testid="kafka-connection">
      <span className="field-label">Kafka connection</span>
      <button type="button" data-testid="kafka-list-topics" disabled={status.kind === 'busy'} onClick={() => void check(false)}>
        List topics
      </button>{' '}
      <button type="button" data-testid="kafka-test-connection" disabled={status.kind === 'busy'} onClick={() => void check(true)}>
        Test connection
      </button>
      {status.kind === 'busy' && <span className="help">connecting…</span>}
      {status.kind === 'ok' && <span className="help" data-testid="kafka-status">{status.text}</span>}
      {status.kind === 'error' && (
        <span className="help error-text" data-testid="kafka-status" role="alert">
          {status.text}
        </span>
      )}
      {topics.length > 0 && (
        <ul className="kafka-topics" data-testid="kafka-topics">
          {topics.map((t) => (
            <li key={t}>
              <button type="button" className="link" onClick={() => onPickTopic(t)}>
                {t}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

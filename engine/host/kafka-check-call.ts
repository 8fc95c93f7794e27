/**
 * The host's `kafkaCheck` call (a Kafka node's "List topics" / "Test connection"): the node's
 * brokers and security settings as the config has them — TLS files relative to the document's
 * folder, `{ env }` credentials read from the host's own environment, as a run's launcher would —
 * then `checkKafkaConnection`. Every failure is `ok: false` with one line, never a secret.
 */
import { isAbsolute, resolve } from 'node:path';
import type { KafkaConnectionConfig } from '../connectors/kafka/client.ts';
import { checkKafkaConnection } from '../connectors/kafka/connection-check.ts';
import { connectionOf, type NodeConnection } from '../connectors/kafka/connection.ts';
import { resolveConfigCredentials, type Environment } from '../launch/credentials.ts';
import { KAFKA_SECURITY_CAPABILITIES } from '../nodes/common/kafka-config.ts';
import type { CallArgsParsed, CallResult } from './protocol.ts';

/** Checks the connection of `args`; `baseDir` is the document's folder (absolute, inside the workspace). */
export async function kafkaCheckCall(args: CallArgsParsed<'kafkaCheck'>, baseDir: string, env: Environment = process.env): Promise<CallResult<'kafkaCheck'>> {
  const { config, problems } = resolveConfigCredentials({ ssl: args.ssl, sasl: args.sasl }, KAFKA_SECURITY_CAPABILITIES.credentials, env);
  if (problems.length > 0) return { ok: false, error: problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  let connection: KafkaConnectionConfig;
  try {
    const security = config as Pick<NodeConnection, 'ssl' | 'sasl'>;
    connection = connectionOf({ brokers: args.brokers, clientId: 'tributary-editor', retryTimeout: 8000, ...security }, (p) => (isAbsolute(p) ? p : resolve(baseDir, p)));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return checkKafkaConnection(connection, args.topic);
}

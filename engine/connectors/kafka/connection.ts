/**
 * Small helpers the Kafka source and sink share: a node's client config (TLS files read,
 * credentials checked), the one-line description of a connection that failure messages name,
 * and partition keys. Secrets never enter descriptions or messages.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecretValue } from '../../pipeline/config-schemas.ts';
import type { KafkaSasl, KafkaTls } from '../../nodes/common/kafka-config.ts';
import type { KafkaConnectionConfig, KafkaTlsOptions } from './client.ts';

export interface NodeConnection {
  brokers: string[];
  clientId: string;
  ssl?: boolean | KafkaTls;
  sasl?: KafkaSasl;
  retryTimeout: number;
}

/**
 * A credential's value. A `{ env }` left in the config means no launcher resolved it (the job's
 * own environment is empty, so it cannot); the message names the field, never a value.
 * @throws Error naming `field` and the variable.
 */
function credential(value: SecretValue, field: string): string {
  if (typeof value === 'string') return value;
  throw new Error(`${field} comes from environment variable ${value.env}, which the launcher did not resolve (run it with tributary run, the studio or a job bundle)`);
}

function pem(text: string | undefined, file: string | undefined, field: string, resolvePath: (p: string) => string): string | undefined {
  if (file === undefined) return text;
  const path = resolvePath(file);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${field}: cannot read ${path} (${code ?? (error as Error).message})`);
  }
}

function tlsOptions(tls: KafkaTls, resolvePath: (p: string) => string): KafkaTlsOptions {
  const key = tls.keyFile !== undefined ? pem(undefined, tls.keyFile, 'ssl.keyFile', resolvePath) : tls.key === undefined ? undefined : credential(tls.key, 'ssl.key');
  const out: KafkaTlsOptions = {
    rejectUnauthorized: tls.rejectUnauthorized,
    ca: pem(tls.ca, tls.caFile, 'ssl.caFile', resolvePath),
    cert: pem(tls.cert, tls.certFile, 'ssl.certFile', resolvePath),
    key,
    passphrase: tls.passphrase === undefined ? undefined : credential(tls.passphrase, 'ssl.passphrase'),
    servername: tls.servername,
  };
  for (const k of Object.keys(out) as (keyof KafkaTlsOptions)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * The client config of a Kafka node. `resolvePath` resolves TLS file paths (relative to the
 * pipeline's folder). @throws Error naming the field when a file cannot be read or a credential
 * was not resolved.
 */
export function connectionOf(config: NodeConnection, resolvePath: (p: string) => string): KafkaConnectionConfig {
  const out: KafkaConnectionConfig = {
    brokers: config.brokers,
    clientId: config.clientId,
    ssl: typeof config.ssl === 'object' ? tlsOptions(config.ssl, resolvePath) : config.ssl,
    sasl: config.sasl && { mechanism: config.sasl.mechanism, username: credential(config.sasl.username, 'sasl.username'), password: credential(config.sasl.password, 'sasl.password') },
    retryTimeoutMs: config.retryTimeout,
  };
  const cert = typeof out.ssl === 'object' ? out.ssl.cert : undefined;
  if (cert !== undefined) checkClientCertificate(cert, out);
  return out;
}

/**
 * A broker refuses an expired client certificate with a bare TLS alert ("certificate unknown"),
 * so the client checks its own certificate's dates first and says which it is.
 * @throws Error naming the connection when the certificate is expired or not valid yet.
 */
function checkClientCertificate(pemText: string, config: KafkaConnectionConfig): void {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pemText);
  } catch (error) {
    throw new Error(`Kafka at ${describeConnection(config)}: TLS: the client certificate (ssl.certFile / ssl.cert) is not a PEM certificate (${(error as Error).message})`);
  }
  const now = Date.now();
  const to = Date.parse(x509.validTo);
  const from = Date.parse(x509.validFrom);
  if (to < now) throw new Error(`Kafka at ${describeConnection(config)}: TLS: the client certificate (ssl.certFile / ssl.cert) expired on ${new Date(to).toISOString()}`);
  if (from > now) throw new Error(`Kafka at ${describeConnection(config)}: TLS: the client certificate (ssl.certFile / ssl.cert) is not valid before ${new Date(from).toISOString()}`);
}

/** Kafka's name for how a connection is secured (the Java client's `security.protocol`). */
export function securityProtocol(config: Pick<KafkaConnectionConfig, 'ssl' | 'sasl'>): 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL' {
  const tls = config.ssl !== undefined && config.ssl !== false;
  if (config.sasl) return tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  return tls ? 'SSL' : 'PLAINTEXT';
}

/**
 * `127.0.0.1:9094 (SASL_SSL, SCRAM-SHA-512 as alice)`: which connection a message is about,
 * without any secret (the user name is not one).
 */
export function describeConnection(config: Pick<KafkaConnectionConfig, 'brokers' | 'ssl' | 'sasl'>): string {
  const sasl = config.sasl ? `, ${config.sasl.mechanism.toUpperCase()} as ${config.sasl.username}` : '';
  return `${config.brokers.join(', ')} (${securityProtocol(config)}${sasl})`;
}

/** `topic/partition`, the key of a partition in snapshots (topic names cannot contain `/`). */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('/');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

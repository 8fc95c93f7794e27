/**
 * What makes a test broker a secured one (`startKafkaBroker({ secure: true })`): beside its
 * PLAINTEXT listener (used by the tests' own admin clients and by inter-broker traffic) it listens
 * with SASL_PLAINTEXT and SASL_SSL (mechanisms PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, one user),
 * SSL requiring a client certificate (mTLS), and SSL with an expired broker certificate. SCRAM
 * credentials are written into the KRaft metadata when the storage is formatted (KIP-900's
 * `--add-scram`), PLAIN's in the listeners' JAAS config; certificates come from `tls-material.ts`.
 */
import type { TlsMaterial } from './tls-material.ts';

/** The one user every SASL mechanism knows. */
export const SECURE_USER = { username: 'alice', password: 'alice-Secret-42' } as const;

/** Listener ports of a secured broker, beside PLAINTEXT and CONTROLLER. */
export interface SecurePorts {
  saslPlaintext: number;
  saslSsl: number;
  ssl: number;
  sslExpired: number;
}

/** A secured broker's addresses and the files clients need. */
export interface SecureBroker {
  /** `127.0.0.1:port` of each listener. */
  saslPlaintext: string;
  saslSsl: string;
  /** mTLS: a client certificate signed by `tls.ca` is required. */
  ssl: string;
  /** TLS with a broker certificate that expired a year ago. */
  sslExpired: string;
  user: typeof SECURE_USER;
  tls: TlsMaterial;
}

export const SECURE_PORT_COUNT = 4;

export function securePorts(ports: readonly number[]): SecurePorts {
  const [saslPlaintext, saslSsl, ssl, sslExpired] = ports as [number, number, number, number];
  return { saslPlaintext, saslSsl, ssl, sslExpired };
}

/** Properties files treat `\` as an escape; Java accepts `/` on every platform. */
const path = (p: string): string => p.replaceAll('\\', '/');

/** The listeners (name → port) beside PLAINTEXT. */
export function secureListeners(p: SecurePorts): [string, number][] {
  return [
    ['SASL_PLAINTEXT', p.saslPlaintext],
    ['SASL_SSL', p.saslSsl],
    ['SSL', p.ssl],
    ['EXPIRED', p.sslExpired],
  ];
}

/** server.properties lines that configure the secured listeners. */
export function secureProperties(tls: TlsMaterial): string[] {
  const { username, password } = SECURE_USER;
  const plain = `org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`;
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const keystore = (prefix: string, file: string): string[] => [
    `${prefix}ssl.keystore.type=PKCS12`,
    `${prefix}ssl.keystore.location=${path(file)}`,
    `${prefix}ssl.keystore.password=${tls.password}`,
    `${prefix}ssl.key.password=${tls.password}`,
  ];
  const lines = [
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    ...keystore('', tls.serverKeystore),
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${path(tls.ca)}`,
    'listener.name.ssl.ssl.client.auth=required',
    ...keystore('listener.name.expired.', tls.expiredKeystore),
  ];
  for (const listener of ['sasl_plaintext', 'sasl_ssl'])
    lines.push(
      `listener.name.${listener}.plain.sasl.jaas.config=${plain}`,
      `listener.name.${listener}.scram-sha-256.sasl.jaas.config=${scram}`,
      `listener.name.${listener}.scram-sha-512.sasl.jaas.config=${scram}`,
    );
  return lines;
}

/** `kafka-storage format` arguments that create the SCRAM user. */
export function scramFormatArgs(): string[] {
  const { username, password } = SECURE_USER;
  return ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${username},password=${password}]`]);
}

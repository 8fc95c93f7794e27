/**
 * Kafka config shared by the Kafka node types: brokers and security (TLS and SASL, passed to
 * the client), where a fresh run starts, and event time from the record's Kafka timestamp.
 * Security follows the Java client's settings: `ssl` is `security.protocol=SSL` (with a CA,
 * and a client certificate for mTLS), `sasl` is `SASL_PLAINTEXT`, both are `SASL_SSL`.
 */
import { z } from 'zod';
import { Duration, SecretValue, TimeSpec } from '../../pipeline/config-schemas.ts';
import type { NodeCapabilities } from '../../pipeline/node-spec.ts';

const PemOrFile = (what: string) => ({
  text: z.string().min(1).optional().describe(`${what}, PEM text`),
  file: z.string().min(1).optional().describe(`${what}, a PEM file (relative to the pipeline's folder)`),
});

const ca = PemOrFile('CA certificate(s) that sign the brokers’ certificates');
const cert = PemOrFile('client certificate (mTLS)');

/** TLS options: a custom CA, a client certificate and key (mTLS), as text or file paths. */
export const KafkaTls = z
  .object({
    rejectUnauthorized: z.boolean().optional().describe('verify the brokers’ certificates (default true; false only for experiments)'),
    ca: ca.text,
    caFile: ca.file,
    cert: cert.text,
    certFile: cert.file,
    key: SecretValue.optional().describe('client private key (mTLS), PEM text or { "env": NAME }'),
    keyFile: z.string().min(1).optional().describe('client private key (mTLS), a PEM file (relative to the pipeline’s folder)'),
    passphrase: SecretValue.optional().describe('passphrase of an encrypted private key, or { "env": NAME }'),
    servername: z.string().min(1).optional().describe('server name to check the certificate against (default: the broker host)'),
  })
  .strict()
  .superRefine((tls, ctx) => {
    for (const [text, file] of [['ca', 'caFile'], ['cert', 'certFile'], ['key', 'keyFile']] as const)
      if (tls[text] !== undefined && tls[file] !== undefined) ctx.addIssue({ code: 'custom', path: [file], message: `give either ${text} or ${file}, not both` });
    const hasCert = tls.cert !== undefined || tls.certFile !== undefined;
    const hasKey = tls.key !== undefined || tls.keyFile !== undefined;
    if (hasCert !== hasKey) ctx.addIssue({ code: 'custom', path: [hasCert ? 'key' : 'cert'], message: 'mTLS needs both a client certificate and its private key' });
  });
export type KafkaTls = z.output<typeof KafkaTls>;

/** SASL authentication (Kafka's `sasl.mechanism` and JAAS username/password). */
export const KafkaSasl = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).describe('PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512'),
    username: SecretValue.describe('user name, or { "env": NAME }'),
    password: SecretValue.describe('password, or { "env": NAME } (read by the launcher, never stored in exports)'),
  })
  .strict();
export type KafkaSasl = z.output<typeof KafkaSasl>;

/** Brokers and security, passed through to the Kafka client. */
export const connection = {
  brokers: z.array(z.string().min(1)).min(1).describe('bootstrap servers, host:port'),
  clientId: z.string().min(1).default('tributary').describe('client id sent to the brokers'),
  ssl: z.union([z.boolean(), KafkaTls]).optional().describe('TLS: true (system CAs), or { caFile, certFile, keyFile, … } for a custom CA and mTLS'),
  sasl: KafkaSasl.optional().describe('SASL authentication: PLAIN or SCRAM, over TLS when `ssl` is set too'),
  retryTimeout: Duration.default(60_000).describe('keep retrying an unreachable broker this long before the run fails'),
};

/** What both Kafka node types declare about their security fields. */
export const KAFKA_SECURITY_CAPABILITIES = {
  readsFile: { fields: ['ssl.caFile', 'ssl.certFile', 'ssl.keyFile'] },
  credentials: [
    { field: 'sasl.username', secret: false },
    { field: 'sasl.password', secret: true },
    { field: 'ssl.key', secret: true },
    { field: 'ssl.passphrase', secret: true },
  ],
} satisfies NodeCapabilities;

/** Where a fresh run starts reading (a restore always resumes at the checkpointed offsets). */
export const KafkaStartPosition = z.union([
  z.enum(['earliest', 'latest']),
  z.object({ timestamp: z.union([z.number().int(), z.string().min(1)]).describe('first record at or after this time (epoch ms or ISO-8601)') }),
  z.object({
    offsets: z
      .record(z.string(), z.record(z.string(), z.number().int().nonnegative()))
      .describe('{ topic: { partition: offset } }; partitions not listed start at the earliest offset'),
  }),
]);
export type KafkaStartPosition = z.output<typeof KafkaStartPosition>;

/** Event time: the `TimeSpec` modes, or `kafka` for the record's Kafka timestamp. */
export const KafkaTimeSpec = z.discriminatedUnion('mode', [...TimeSpec.options, z.object({ mode: z.literal('kafka') })]);
export type KafkaTimeSpec = z.output<typeof KafkaTimeSpec>;

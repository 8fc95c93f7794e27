/**
 * Kafka config shared by the Kafka node types: brokers and security (passed through to the
 * client), where a fresh run starts, and event time from the record's Kafka timestamp.
 */
import { z } from 'zod';
import { Duration, TimeSpec } from '../../pipeline/config-schemas.ts';

/** Brokers and security, passed through to the Kafka client. */
export const connection = {
  brokers: z.array(z.string().min(1)).min(1).describe('bootstrap servers, host:port'),
  clientId: z.string().min(1).default('tributary').describe('client id sent to the brokers'),
  ssl: z
    .union([
      z.boolean(),
      z.object({
        rejectUnauthorized: z.boolean().optional(),
        ca: z.string().optional().describe('CA certificate (PEM)'),
        cert: z.string().optional().describe('client certificate (PEM)'),
        key: z.string().optional().describe('client key (PEM)'),
        servername: z.string().optional(),
      }),
    ])
    .optional()
    .describe('TLS: true, or options passed to the client'),
  sasl: z
    .object({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string(),
      password: z.string(),
    })
    .optional()
    .describe('SASL authentication, passed to the client'),
  retryTimeout: Duration.default(60_000).describe('keep retrying an unreachable broker this long before the run fails'),
};

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


/**
 * Kafka connection settings as options of Flink's `kafka`/`upsert-kafka` connectors: bootstrap
 * servers (a parameter), SASL (`properties.sasl.*`, the password written into job.sql) and
 * TLS (`SSL` / `SASL_SSL`). Inline PEM material is refused: a Flink job points at a truststore.
 */
import type { FlinkContext } from '../../export/flink/translator.ts';
import type { KafkaSasl, KafkaTls } from './kafka-config.ts';

export interface KafkaConnection {
  brokers: readonly string[];
  ssl?: boolean | KafkaTls;
  sasl?: KafkaSasl;
}

const LOGIN_MODULES = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
} as const;

/** The connection options; `brokers` becomes the parameter `<id>.brokers`. */
export function kafkaConnectionOptions(ctx: FlinkContext, config: KafkaConnection): [string, string][] {
  const brokers = ctx.param({ field: 'brokers', kind: 'list', value: config.brokers, description: 'Kafka bootstrap servers, host:port' }) as readonly string[];
  const options: [string, string][] = [['properties.bootstrap.servers', brokers.join(',')]];
  if (typeof config.ssl === 'object' && Object.keys(config.ssl).length > 0)
    ctx.refuse('ssl with a CA or client certificate', "Flink's Kafka client reads certificates from a truststore/keystore; set properties.ssl.* in job.sql by hand", 'ssl');
  const tls = config.ssl !== undefined && config.ssl !== false;
  if (config.sasl) {
    const { mechanism, username, password } = config.sasl;
    if (typeof username !== 'string' || typeof password !== 'string')
      return ctx.refuse('SASL credentials from environment variables', 'job.sql cannot read environment variables and the export never writes them into files; set properties.sasl.jaas.config when you deploy', 'sasl');
    const quote = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    options.push(
      ['properties.security.protocol', tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'],
      ['properties.sasl.mechanism', mechanism.toUpperCase()],
      ['properties.sasl.jaas.config', `${LOGIN_MODULES[mechanism]} required username=${quote(username)} password=${quote(password)};`],
    );
    ctx.note('job.sql holds the SASL password from the pipeline in properties.sasl.jaas.config; keep the file private.');
  } else if (tls) {
    options.push(['properties.security.protocol', 'SSL']);
  }
  return options;
}

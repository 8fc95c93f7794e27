/**
 * Apache Kafka's own command-line tools, run from the cached jars as the `kafka-*.sh` scripts
 * would (`java -cp 'libs/*:tools/*' <class>`): `kafka-consumer-groups --describe` to see what a
 * consumer group has committed and its lag, and `kafka-configs` to set a client quota (a slow
 * sink made by the broker throttling a producer). Independent of kafkajs and of Tributary.
 */
import { join } from 'node:path';
import { ensureKafkaJars, ensureKafkaToolsJars, javaBin, lastLines, runCommand } from './kafka-jars.ts';

/** Runs a Kafka tool class. @returns its output (stdout and stderr). @throws Error on a non-zero exit. */
async function kafkaTool(mainClass: string, args: string[], withTools: boolean): Promise<string> {
  const libs = await ensureKafkaJars();
  const classpath = [join(libs, '*'), ...(withTools ? [join(await ensureKafkaToolsJars(), '*')] : [])].join(':');
  const { code, output } = await runCommand(javaBin(), ['-Xmx256m', '-XX:+UseSerialGC', '-Dlog4j.configuration=file:/dev/null', '-cp', classpath, mainClass, ...args]);
  if (code !== 0) throw new Error(`${mainClass} ${args.join(' ')} failed (exit ${code}):\n${lastLines(output, 20)}`);
  return output;
}

/** One row of `kafka-consumer-groups --describe`. */
export interface GroupOffsetRow {
  topic: string;
  partition: number;
  /** The committed offset, null when the tool shows `-`. */
  currentOffset: number | null;
  logEndOffset: number;
  lag: number | null;
}

const num = (s: string | undefined): number | null => (s === undefined || s === '-' ? null : Number(s));

/** `kafka-consumer-groups --bootstrap-server … --describe --group …`, parsed. */
export async function describeConsumerGroup(bootstrap: string, groupId: string): Promise<GroupOffsetRow[]> {
  const out = await kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', bootstrap, '--describe', '--group', groupId], true);
  const lines = out.split('\n').map((l) => l.trim().split(/\s+/));
  const header = lines.findIndex((cols) => cols[0] === 'GROUP' && cols.includes('LAG'));
  if (header < 0) throw new Error(`kafka-consumer-groups printed no offsets table:\n${out}`);
  const names = lines[header] as string[];
  const at = (cols: string[], name: string): string | undefined => cols[names.indexOf(name)];
  return lines
    .slice(header + 1)
    .filter((cols) => cols[0] === groupId)
    .map((cols) => ({
      topic: at(cols, 'TOPIC') ?? '',
      partition: Number(at(cols, 'PARTITION')),
      currentOffset: num(at(cols, 'CURRENT-OFFSET')),
      logEndOffset: Number(at(cols, 'LOG-END-OFFSET')),
      lag: num(at(cols, 'LAG')),
    }));
}

/** `kafka-configs --alter --add-config producer_byte_rate=N --entity-type clients --entity-name clientId`. */
export async function setProducerQuota(bootstrap: string, clientId: string, bytesPerSecond: number): Promise<void> {
  await kafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', bootstrap, '--alter', '--add-config', `producer_byte_rate=${bytesPerSecond}`, '--entity-type', 'clients', '--entity-name', clientId], false);
}

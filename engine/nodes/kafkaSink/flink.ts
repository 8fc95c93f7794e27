/**
 * `kafkaSink` → Flink SQL: a `kafka` table (`upsert-kafka` when the input updates, keyed by its
 * unique key) with the JSON value format. The node's code (an object literal) or `valueField`
 * (a string field, `raw` format) shapes the value; the key (`key.fields` or an expression, as
 * the node form's text joined by U+001F) is a `raw` key column left out of the value.
 * `exactly-once` is Flink's `sink.delivery-guarantee` with a transactional-id prefix (the node's
 * `transactionalId`); it commits on checkpoints, so the job gets a checkpoint interval.
 * `topicField` (a topic per record) is refused.
 */
import type { FlinkTranslator, SqlField } from '../../export/flink/translator.ts';
import { kafkaConnectionOptions } from '../common/flink-kafka.ts';
import { columnDefinitions, sinkInput } from '../common/flink-sink.ts';
import type { KafkaSinkConfig } from './spec.ts';

const KEY = '__kafka_key';

export const kafkaSinkFlink: FlinkTranslator<KafkaSinkConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const config = node.config;
    if (config.topicField) ctx.refuse(`topicField "${config.topicField}"`, 'a topic per record is not a Flink SQL Kafka table option (one table writes one topic)', 'topicField');
    const input = sinkInput(ctx, inputs, undefined);
    const updating = input.changelog.kind === 'updating';
    const stream = { name: '', columns: input.columns, time: 'attribute' as const, changelog: input.changelog };
    let fields: SqlField[] = input.columns.map((c) => ({ name: c.name, type: c.type, sql: ctx.ident(c.name) }));
    let valueFormat: [string, string][] = [['value.format', 'json']];
    if (node.code?.trim()) fields = ctx.code.record(node.code, { event: { columns: input.columns } });
    else if (config.valueField) {
      const col = input.columns.find((c) => c.name === config.valueField) ?? ctx.refuse(`valueField "${config.valueField}"`, 'the input has no such field', 'valueField');
      if (col.type.kind !== 'STRING') ctx.refuse(`valueField "${col.name}"`, `only a string field is written as the value as it is (format raw); this one is a ${col.type.kind}`, 'valueField');
      fields = [{ name: col.name, type: col.type, sql: ctx.ident(col.name) }];
      valueFormat = [['value.format', 'raw']];
    }
    const key = ctx.key(stream, config.key, 'key');
    const keySql = key === undefined ? undefined : key.kind === 'expression' ? key.sql : `CONCAT_WS(CHR(31), ${key.columns.map((c) => (c.type.kind === 'STRING' ? ctx.ident(c.name) : `CAST(${ctx.ident(c.name)} AS STRING)`)).join(', ')})`;
    const topic = ctx.param({ field: 'topic', kind: 'text', value: config.topic, description: 'Kafka topic to write' }) as string;
    const columns = [...fields.map((f) => ({ name: f.name, type: f.type }))];
    const options: [string, string][] = [['connector', updating ? 'upsert-kafka' : 'kafka'], ['topic', topic], ...kafkaConnectionOptions(ctx, config)];
    const constraints: string[] = [];
    const select = fields.map((f) => `${f.sql} AS ${ctx.ident(f.name)}`);
    if (updating) {
      const upsertKey = input.changelog.kind === 'updating' ? input.changelog.upsertKey : [];
      constraints.push(`PRIMARY KEY (${upsertKey.map((k) => ctx.ident(k)).join(', ')}) NOT ENFORCED`);
      options.push(['key.format', 'json'], ...valueFormat);
    } else {
      if (keySql !== undefined) {
        columns.push({ name: KEY, type: { kind: 'STRING' } });
        select.push(`${keySql} AS ${ctx.ident(KEY)}`);
        options.push(['key.format', 'raw'], ['key.fields', KEY], ['value.fields-include', 'EXCEPT_KEY']);
      }
      options.push(...valueFormat);
      if (config.delivery === 'exactly-once') {
        options.push(
          ['sink.delivery-guarantee', 'exactly-once'],
          ['sink.transactional-id-prefix', config.transactionalId ?? `tributary-${node.id}`],
          // Flink's producer default (1 h) exceeds a broker's default transaction.max.timeout.ms (15 min).
          ['properties.transaction.timeout.ms', '900000'],
        );
        ctx.needCheckpoints();
      } else options.push(['sink.delivery-guarantee', 'at-least-once']);
    }
    ctx.table({ name: node.id, comment: `${node.id}: Kafka topic ${topic}`, columns: columnDefinitions(ctx, columns), constraints, options });
    ctx.insert(node.id, `SELECT ${select.join(', ')}\nFROM ${input.from}`);
    ctx.sink({ connector: updating ? 'upsert-kafka' : 'kafka', topic });
    if (config.delivery === 'exactly-once')
      ctx.note("exactly-once: Flink's KafkaSink commits one transaction per checkpoint (readers need isolation.level=read_committed); the node form's tributary-sink/tributary-epoch headers are not written.");
    return {};
  },
};

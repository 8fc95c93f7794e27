/**
 * `kafkaSource` → Flink SQL: a `kafka` table (topics `a;b`, bootstrap servers and topics as
 * parameters, a group id, the startup mode, `scan.bounded.mode = latest-offset` for
 * `stopAtEnd`), its view `<id>` adding `_kafka` (`metadataField`) as a ROW built from Flink's
 * METADATA columns and the raw key: `{ topic, partition, offset, key, timestamp, headers }` as the
 * node form sets it. Watermarks are per partition in both (Flink's per-split watermarks).
 *
 * A JSON value has no declared columns: they are typed from a sample of the topic's records
 * (`--sample <id>=FILE`, JSON lines; `flink-check --input` gives one). CSV values with a type
 * for every column and raw values need none.
 */
import type { FlinkTranslator, FlinkContext } from '../../export/flink/translator.ts';
import type { SqlColumn, SqlType } from '../../export/flink/sql-types.ts';
import { kafkaConnectionOptions } from '../common/flink-kafka.ts';
import type { KafkaSourceConfig } from './spec.ts';

const CSV_TYPES: Record<string, SqlType['kind']> = { string: 'STRING', number: 'DOUBLE', integer: 'BIGINT', boolean: 'BOOLEAN' };
const META = '__kafka_';

function startOptions(config: KafkaSourceConfig, ctx: FlinkContext): [string, string][] {
  const s = config.startFrom;
  if (s === 'earliest') return [['scan.startup.mode', 'earliest-offset']];
  if (s === 'latest') return [['scan.startup.mode', 'latest-offset']];
  if ('timestamp' in s) {
    const ms = typeof s.timestamp === 'number' ? s.timestamp : Date.parse(s.timestamp);
    if (Number.isNaN(ms)) ctx.refuse(`startFrom.timestamp "${String(s.timestamp)}"`, 'not a time', 'startFrom');
    return [['scan.startup.mode', 'timestamp'], ['scan.startup.timestamp-millis', String(ms)]];
  }
  const topics = Object.keys(s.offsets);
  if (topics.length !== 1 || config.topics?.length !== 1)
    ctx.refuse('startFrom.offsets over several topics', "Flink's 'scan.startup.specific-offsets' lists partitions of one topic", 'startFrom');
  const partitions = Object.entries(s.offsets[topics[0] as string] ?? {}).map(([p, o]) => `partition:${p},offset:${o}`);
  return [['scan.startup.mode', 'specific-offsets'], ['scan.startup.specific-offsets', partitions.join(';')]];
}

async function valueColumns(config: KafkaSourceConfig, ctx: FlinkContext): Promise<SqlColumn[]> {
  if (config.format === 'raw') return [{ name: 'value', type: { kind: 'STRING' } }];
  if (config.format === 'csv' && config.csv) {
    const types = config.csv.types ?? {};
    const typed = config.csv.columns.map((name) => ({ name, kind: CSV_TYPES[types[name] ?? ''] }));
    if (typed.every((c) => c.kind !== undefined)) return typed.map((c) => ({ name: c.name, type: { kind: c.kind } as SqlType }));
  }
  if (!ctx.samplePath)
    return ctx.refuse(
      `the columns of topic ${config.topics?.join(', ') ?? config.topicPattern ?? ''}`,
      `Flink SQL declares every column and a Kafka topic does not say them: give a sample of the records as JSON lines with --sample ${ctx.nodeId}=FILE${config.format === 'csv' ? ' (or a type for every CSV column)' : ''}`,
      'topics',
    );
  let rows: Record<string, unknown>[];
  try {
    rows = await ctx.readSample(ctx.samplePath, 'jsonl');
  } catch (error) {
    return ctx.refuse(`sample ${ctx.samplePath}`, (error as Error).message);
  }
  const columns = ctx.columnsOf(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== config.metadataField))), `the sample ${ctx.samplePath}`);
  return config.format === 'csv' && config.csv ? config.csv.columns.map((n) => columns.find((c) => c.name === n) ?? { name: n, type: { kind: 'STRING' } }) : columns;
}

export const kafkaSourceFlink: FlinkTranslator<KafkaSourceConfig> = {
  kind: 'translate',
  translate: async (node, _inputs, ctx) => {
    const config = node.config;
    const columns = await valueColumns(config, ctx);
    if (config.topics === undefined) return ctx.refuse('topicPattern', "write the pattern as Flink's 'topic-pattern' option by hand: the export keeps topics as parameters", 'topicPattern');
    const topics = ctx.param({ field: 'topics', kind: 'list', value: config.topics, description: 'Kafka topics to read' }) as readonly string[];
    const time = ctx.sourceTime(config.time, config.watermarks, columns, 'time');
    const meta = config.metadataField;
    const metaColumns: string[] = [];
    const formatPrefix = meta === '' ? '' : 'value.';
    const options: [string, string][] = [
      ['connector', 'kafka'],
      ['topic', topics.join(';')],
      ...kafkaConnectionOptions(ctx, config),
      ['properties.group.id', `tributary-${ctx.pipelineName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${node.id}`],
      ['properties.isolation.level', config.isolation],
      ...startOptions(config, ctx),
      ...(config.stopAtEnd ? ([['scan.bounded.mode', 'latest-offset']] as [string, string][]) : []),
      [`${formatPrefix}format`, config.format === 'raw' ? 'raw' : config.format],
      ...(config.format === 'json' ? ([[`${formatPrefix}json.ignore-parse-errors`, 'true']] as [string, string][]) : []),
      ...(config.format === 'csv' ? ([[`${formatPrefix}csv.field-delimiter`, config.csv?.delimiter ?? ','], [`${formatPrefix}csv.ignore-parse-errors`, 'true']] as [string, string][]) : []),
      ...time.options,
    ];
    if (meta !== '') {
      if (columns.some((c) => c.name === meta)) ctx.refuse(`field "${meta}"`, 'the records already have the metadata field', 'metadataField');
      metaColumns.push(
        `${ctx.ident(`${META}key`)} STRING`,
        `${ctx.ident(`${META}topic`)} STRING METADATA FROM 'topic' VIRTUAL`,
        `${ctx.ident(`${META}partition`)} INT METADATA FROM 'partition' VIRTUAL`,
        `${ctx.ident(`${META}offset`)} BIGINT METADATA FROM 'offset' VIRTUAL`,
        `${ctx.ident(`${META}headers`)} MAP<STRING, BYTES> METADATA FROM 'headers' VIRTUAL`,
        ...(config.time.mode === 'kafka' ? [] : [`${ctx.ident(`${META}timestamp`)} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL`]),
      );
      options.push(['key.format', 'raw'], ['key.fields', `${META}key`], ['value.fields-include', 'EXCEPT_KEY']);
    }
    const source = ctx.auxName('source');
    ctx.table({
      name: source,
      comment: `${node.id}: Kafka topic(s) ${topics.join(', ')}`,
      columns: [...columns.map((c) => `${ctx.ident(c.name)} ${ctx.sqlType(c.type)}`), ...metaColumns, ...time.columns],
      constraints: time.watermark ? [time.watermark] : [],
      options,
    });
    const list = columns.map((c) => ctx.ident(c.name));
    const outColumns: SqlColumn[] = [...columns];
    if (meta !== '') {
      const ts = ctx.ident(config.time.mode === 'kafka' ? 'rowtime' : `${META}timestamp`);
      // Epoch milliseconds of a TIMESTAMP_LTZ: Flink 1.20 has no cast to a number.
      const epochMs = `UNIX_TIMESTAMP(DATE_FORMAT(${ts}, 'yyyy-MM-dd HH:mm:ss')) * 1000 + CAST(DATE_FORMAT(${ts}, 'SSS') AS BIGINT)`;
      const fields: SqlColumn[] = [
        { name: 'topic', type: { kind: 'STRING' } },
        { name: 'partition', type: { kind: 'BIGINT' } },
        { name: 'offset', type: { kind: 'BIGINT' } },
        { name: 'key', type: { kind: 'STRING' } },
        { name: 'timestamp', type: { kind: 'BIGINT' } },
        { name: 'headers', type: { kind: 'MAP' } },
      ];
      const type: SqlType = { kind: 'ROW', fields };
      const m = (n: string): string => ctx.ident(`${META}${n}`);
      list.push(`CAST(ROW(${m('topic')}, CAST(${m('partition')} AS BIGINT), ${m('offset')}, ${m('key')}, ${epochMs}, CAST(${m('headers')} AS MAP<STRING, STRING>)) AS ${ctx.sqlType(type)}) AS ${ctx.ident(meta)}`);
      outColumns.push({ name: meta, type });
    }
    const where = time.valid ? `\nWHERE ${time.valid}` : '';
    const sql = `SELECT ${[...list, ctx.ident('rowtime')].join(',\n  ')}\nFROM ${ctx.ident(source)}${where}`;
    return { out: ctx.view(node.id, sql, { columns: outColumns, time: time.time, changelog: { kind: 'append' } }) };
  },
};

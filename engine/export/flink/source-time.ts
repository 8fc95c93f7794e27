/**
 * A source's event time and watermarks in Flink SQL DDL: the computed column `rowtime`
 * (`TIMESTAMP_LTZ(3)`, the session time zone is UTC), `WATERMARK FOR rowtime AS rowtime -
 * INTERVAL …` and the `scan.watermark.*` options.
 *
 * - Tributary's watermark is Flink's `BoundedOutOfOrdernessWatermarks`, `max - bound - 1`;
 *   Flink SQL's is `max(expression)` with no `- 1`, so the interval is the bound plus 1 ms and
 *   both engines emit the same watermark values.
 * - Time fields are read as Tributary reads them (`engine/runtime/event-time.ts`): epoch
 *   milliseconds or seconds, `yyyy/MM/dd HH:mm[:ss]` and ISO-8601 as UTC (a `Z` or `±hh:mm`
 *   offset honoured). A row whose time cannot be read goes to Tributary's `errors`; Flink fails
 *   a job on a NULL `rowtime`, so the column falls back to the epoch and `valid` is the
 *   condition the source's view filters on.
 * - `idleTimeout` becomes `'scan.watermark.idle-timeout'`, `punctuated` emission
 *   `'scan.watermark.emit.strategy' = 'on-event'`.
 */
import type { TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import type { KafkaTimeSpec } from '../../nodes/common/kafka-config.ts';
import { durationOption, intervalLiteral } from './intervals.ts';
import { ident, type SqlColumn } from './sql-types.ts';
import type { SourceTime, SqlValue } from './translator.ts';
import { CodeRefusal } from './code/parse-code.ts';
import { translateValue } from './code/translate.ts';

/** Thrown for a time spec that cannot be exported; the caller turns it into a refusal. */
export class TimeRefusal extends Error {
  constructor(
    readonly construct: string,
    readonly reason: string,
  ) {
    super(`${construct}: ${reason}`);
  }
}

const slashed = (s: string): string =>
  `(CASE WHEN CHAR_LENGTH(${s}) = 19 THEN TO_TIMESTAMP(${s}, 'yyyy/MM/dd HH:mm:ss') ELSE TO_TIMESTAMP(${s}, 'yyyy/MM/dd HH:mm') END)`;

/** ISO-8601 text (date, minutes, seconds, fraction; `Z`, an offset or none) as UTC wall-clock. */
function iso(s: string): string {
  const local = `REPLACE(REGEXP_REPLACE(${s}, '(Z|[+-][0-9][0-9]:[0-9][0-9])$', ''), 'T', ' ')`;
  const padded = `(CASE CHAR_LENGTH(${local}) WHEN 10 THEN CONCAT(${local}, ' 00:00:00') WHEN 16 THEN CONCAT(${local}, ':00') ELSE ${local} END)`;
  const offset = `REGEXP_EXTRACT(${s}, '([+-])([0-9][0-9]):([0-9][0-9])$', 0)`;
  const minutes = `(CASE WHEN SUBSTRING(${offset} FROM 1 FOR 1) = '-' THEN 1 ELSE -1 END * (CAST(SUBSTRING(${offset} FROM 2 FOR 2) AS INT) * 60 + CAST(SUBSTRING(${offset} FROM 5 FOR 2) AS INT)))`;
  return `(CASE WHEN ${offset} IS NULL OR ${offset} = '' THEN TO_TIMESTAMP(${padded}) ELSE TIMESTAMPADD(MINUTE, ${minutes}, TO_TIMESTAMP(${padded})) END)`;
}

/** A time value (a column or a translated expression) as `TIMESTAMP_LTZ(3)`, or NULL when unreadable. */
function timestampOf(v: SqlValue, format: string, construct: string): string {
  if (v.type.kind === 'BIGINT' || v.type.kind === 'DOUBLE') {
    const n = v.type.kind === 'DOUBLE' ? `CAST(${v.sql} AS BIGINT)` : v.sql;
    return format === 'epochSeconds' ? `TO_TIMESTAMP_LTZ(${n}, 0)` : `TO_TIMESTAMP_LTZ(${n}, 3)`;
  }
  if (v.type.kind !== 'STRING') throw new TimeRefusal(construct, `the event time is a ${v.type.kind.toLowerCase()}; it must be a number (epoch ms) or a date string`);
  if (format === 'epochMillis' || format === 'epochSeconds') return `TO_TIMESTAMP_LTZ(TRY_CAST(${v.sql} AS BIGINT), ${format === 'epochSeconds' ? 0 : 3})`;
  const local = format === 'yyyy/MM/dd HH:mm' ? slashed(v.sql) : format === 'iso' ? iso(v.sql) : `(CASE WHEN ${v.sql} LIKE '____/__/__ __:__%' THEN ${slashed(v.sql)} ELSE ${iso(v.sql)} END)`;
  return `CAST(${local} AS TIMESTAMP_LTZ(3))`;
}

/**
 * The `rowtime` column, watermark and options of a source over `columns` (the raw table's).
 * @throws TimeRefusal when the time cannot be exported (a missing field, code outside the subset).
 */
export function sourceTime(time: TimeSpec | KafkaTimeSpec, watermarks: WatermarkSpec, columns: readonly SqlColumn[], field: string): SourceTime {
  const options: [string, string][] = [];
  if (time.mode === 'processing') return { columns: ['`rowtime` AS PROCTIME()'], options, time: 'processing' };
  let valid: string | undefined;
  let column: string;
  if (time.mode === 'kafka') {
    column = "`rowtime` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL";
  } else {
    let value: SqlValue;
    let format = 'auto';
    if (time.mode === 'event') {
      const col = columns.find((c) => c.name === time.field);
      if (!col) throw new TimeRefusal(`${field}.field "${time.field}"`, `the sample has no field "${time.field}" (fields: ${columns.map((c) => c.name).join(', ')})`);
      value = { sql: ident(col.name), type: col.type };
      format = time.format;
    } else {
      try {
        value = translateValue(time.expression, { event: { columns } });
      } catch (error) {
        if (error instanceof CodeRefusal) throw new TimeRefusal(error.construct, error.reason);
        throw error;
      }
    }
    const ts = timestampOf(value, format, field);
    valid = `${ts} IS NOT NULL`;
    column = `\`rowtime\` AS COALESCE(${ts}, TO_TIMESTAMP_LTZ(0, 3))`;
  }
  const bound = intervalLiteral(watermarks.maxOutOfOrderness + 1);
  if (!bound) throw new TimeRefusal(`watermarks.maxOutOfOrderness`, 'the bound must be below 100 days for a Flink interval literal');
  if (watermarks.idleTimeout !== undefined) options.push(['scan.watermark.idle-timeout', durationOption(watermarks.idleTimeout)]);
  if (watermarks.emit === 'punctuated') options.push(['scan.watermark.emit.strategy', 'on-event']);
  return { columns: [column], watermark: `WATERMARK FOR \`rowtime\` AS \`rowtime\` - ${bound}`, options, valid, time: 'attribute' };
}


/**
 * `nexmark` → Flink SQL: the reference's `nexmark` connector is not in Flink's distribution
 * and draws other (unseeded) random numbers, so the export writes this node's own events (same
 * seed, same values) into `data/<id>.jsonl` and reads them with a `filesystem` table, as the
 * `generator` export does; event time is `dateTime` (epoch ms). Up to {@link MAX_NEXMARK_EVENTS}
 * events. `kind: "all"` gives `person`, `auction` and `bid` columns of type ROW, as the
 * reference's `datagen` table.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { SqlColumn, SqlType } from '../../export/flink/sql-types.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { fileSourceStream } from '../common/flink-source.ts';
import { NexmarkModel } from './model.ts';
import { nexmarkParams, nexmarkRow } from './operator.ts';
import type { NexmarkConfig } from './spec.ts';

/** The most events the export writes out as a file. */
export const MAX_NEXMARK_EVENTS = 1_000_000;

const B: SqlType = { kind: 'BIGINT' };
const S: SqlType = { kind: 'STRING' };
const cols = (spec: [string, SqlType][]): SqlColumn[] => spec.map(([name, type]) => ({ name, type }));

/** Columns of each view, in the reference's order (`dateTime` as epoch ms). */
export const NEXMARK_COLUMNS: Record<'person' | 'auction' | 'bid', SqlColumn[]> = {
  person: cols([['id', B], ['name', S], ['emailAddress', S], ['creditCard', S], ['city', S], ['state', S], ['dateTime', B], ['extra', S]]),
  auction: cols([['id', B], ['itemName', S], ['description', S], ['initialBid', B], ['reserve', B], ['dateTime', B], ['expires', B], ['seller', B], ['category', B], ['extra', S]]),
  bid: cols([['auction', B], ['bidder', B], ['price', B], ['channel', S], ['url', S], ['dateTime', B], ['extra', S]]),
};

/** The columns a `kind` emits. */
export function nexmarkColumns(kind: NexmarkConfig['kind']): SqlColumn[] {
  if (kind !== 'all') return NEXMARK_COLUMNS[kind];
  const row = (k: 'person' | 'auction' | 'bid'): SqlType => ({ kind: 'ROW', fields: NEXMARK_COLUMNS[k] });
  return cols([['event_type', B], ['person', row('person')], ['auction', row('auction')], ['bid', row('bid')], ['dateTime', B]]);
}

/** The rows the node emits, as `nexmarkSource` computes them. */
export function nexmarkRecords(config: NexmarkConfig, nodeId: string): DataRecord[] {
  const model = new NexmarkModel(nexmarkParams(config, nodeId));
  const rows: DataRecord[] = [];
  while (model.eventsSoFar < config.events) {
    const row = nexmarkRow(model.next(), config.kind);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

export const nexmarkFlink: FlinkTranslator<NexmarkConfig> = {
  kind: 'translate',
  translate: async (node, _inputs, ctx) => {
    const config = node.config;
    if (config.events > MAX_NEXMARK_EVENTS)
      ctx.refuse(`a Nexmark source of ${config.events} events`, `the reference's nexmark connector is not part of Flink, so the export writes the events into a file, up to ${MAX_NEXMARK_EVENTS}`, 'events');
    if (Number.isNaN(Date.parse(config.baseTime))) ctx.refuse(`baseTime "${config.baseTime}"`, 'not an ISO-8601 time', 'baseTime');
    const written = await ctx.writeData(nexmarkRecords(config, node.id));
    const path = ctx.param({ field: 'path', kind: 'path', value: written, description: "the Nexmark events, as JSON lines (written by the export)" }) as string;
    const time = { mode: 'event' as const, field: 'dateTime', format: 'epochMillis' as const };
    return { out: fileSourceStream(ctx, { path, format: 'jsonl', columns: nexmarkColumns(config.kind), time, watermarks: config.watermarks, comment: `${node.id}: ${config.events} Nexmark events (${config.kind})` }) };
  },
};

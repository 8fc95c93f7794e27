/**
 * `cdcSource`: replays a file of Debezium JSON change events (one envelope per line) as a
 * changelog stream, as Flink's `debezium-json` format on the filesystem connector reads it.
 * Reading, checkpointed position, errors and watermarks are the file source's.
 */
import { z } from 'zod';
import { ReplaySpeed, TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { str } from '../common/looks.ts';

export const CdcSourceConfig = z.object({
  path: z.string().min(1).describe('JSON Lines file of Debezium change events, relative to the pipeline file (optionally .gz/.zst)'),
  format: z.enum(['debezium-json']).default('debezium-json').describe("the envelope: Debezium's JSON (`before`, `after`, `op`, `source.ts_ms`), with or without its `schema`/`payload` wrapper"),
  compression: z.enum(['auto', 'none', 'gzip', 'zstd']).default('auto').describe('whole-file compression; auto: by extension (.gz, .zst) and first bytes'),
  primaryKey: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("the table's primary key columns (Flink's PRIMARY KEY … NOT ENFORCED): the stream's unique key, for the docs and validation messages"),
  maxLineBytes: z.number().int().min(1).max(256 * 1024 * 1024).default(16 * 1024 * 1024).describe('longest line read, in bytes; a longer one goes to `errors`'),
  invalidUtf8: z.enum(['error', 'replace']).default('error').describe('a line that is not valid UTF-8: `error` sends it to `errors`, `replace` reads it with U+FFFD'),
  speed: ReplaySpeed.default('max'),
  time: TimeSpec.optional().describe("where a change's event time comes from; unset: the envelope's `source.ts_ms` (when the database made the change)"),
  watermarks: WatermarkSpec.prefault({}),
});
export type CdcSourceConfig = z.output<typeof CdcSourceConfig>;

export const cdcSourceSpec: NodeTypeSpec<CdcSourceConfig> = {
  type: 'cdcSource',
  version: 1,
  category: 'source',
  label: 'CDC source',
  description:
    "Replays a file of Debezium JSON change events as a changelog stream (Flink's `debezium-json` format): `op` `c` and `r` (snapshot) emit `+I` of `after`, `u` emits `-U` of `before` then `+U` of `after`, `d` emits `-D` of `before`; an envelope with Debezium's `schema`/`payload` wrapper is unwrapped and a null `payload` (a tombstone) or an empty line is skipped. The event time is `source.ts_ms` unless `time` says otherwise; watermarks as Flink's WatermarkStrategy. A malformed line, an unknown `op` or an update without `before` goes to `errors` with its file and line, and the replay goes on (Flink fails the job there). Checkpointed at its byte offset like the file source. Downstream nodes must consume updates (aggregate, filter, map, a file sink in changelog or upsert mode); windows, joins and patterns are refused (TRB022).",
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: CdcSourceConfig,
  defaults: CdcSourceConfig.parse({ path: '../data/orders.debezium.jsonl', primaryKey: ['id'] }),
  capabilities: {
    readsFile: { fields: ['path'] },
    expressionFields: ['time'],
    changelog: { produces: (c) => ({ kind: 'retract', ...((c as CdcSourceConfig).primaryKey ? { key: (c as CdcSourceConfig).primaryKey } : {}) }) },
  },
  look: { icon: 'database-zap', summary: (c) => str(c.path) },
};

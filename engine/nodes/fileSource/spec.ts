/**
 * `fileSource`: replays a JSON Lines, CSV, JSON-array, Parquet or Avro file (line formats
 * optionally gzip- or zstd-compressed) as a bounded stream, assigning
 * timestamps and generating watermarks like a Flink source with a `WatermarkStrategy`. At the
 * end of the input it emits the final watermark (+∞), which fires every pending window.
 */
import { z } from 'zod';
import { ColumnType, Duration, ReplaySpeed, TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { str } from '../common/looks.ts';
import { csvColumns, SchemaDeclaration, schemaField } from '../common/schema.ts';

export const FileSourceConfig = z.object({
  path: z.string().min(1).describe('file to replay, relative to the pipeline file'),
  format: z
    .enum(['auto', 'jsonl', 'csv', 'json', 'parquet', 'avro'])
    .default('auto')
    .describe('auto: by file extension (.jsonl, .csv, .json, .parquet, .avro, each optionally .gz/.zst) and first bytes'),
  compression: z
    .enum(['auto', 'none', 'gzip', 'zstd'])
    .default('auto')
    .describe('whole-file compression of a line format; auto: by extension (.gz, .zst) and first bytes'),
  csv: z
    .object({
      delimiter: z.string().length(1).default(','),
      columns: z
        .record(z.string(), ColumnType)
        .optional()
        .describe('column types; columns not listed are numbers when they look like numbers, else strings'),
    })
    .optional(),
  maxLineBytes: z
    .number()
    .int()
    .min(1)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024)
    .describe('longest line (or multi-line CSV record) read, in bytes; a longer one goes to `errors` and reading resumes at the next line'),
  invalidUtf8: z
    .enum(['error', 'replace'])
    .default('error')
    .describe('a line that is not valid UTF-8: `error` sends it to `errors`, `replace` reads it with U+FFFD'),
  speed: ReplaySpeed.default('max'),
  disorder: z
    .object({
      maxDelay: Duration.describe('each record is delayed by up to this much event time'),
      seed: z.number().int().default(1),
    })
    .optional()
    .describe('bounded shuffle that simulates out-of-order arrival, reproducible by seed'),
  time: TimeSpec,
  watermarks: WatermarkSpec.prefault({}),
  schema: SchemaDeclaration.optional(),
});
export type FileSourceConfig = z.output<typeof FileSourceConfig>;

export const fileSourceSpec: NodeTypeSpec<FileSourceConfig> = {
  type: 'fileSource',
  version: 1,
  category: 'source',
  label: 'File source',
  description:
    "Replays a JSON Lines, CSV (csv-parse; typed `columns`, numbers inferred), JSON-array, Parquet (hyparquet, one row group at a time) or Avro object container file as a bounded stream; line formats may be gzip- or zstd-compressed (`.gz`, `.zst`), at full speed (`speed: \"max\"`) or at a multiple of event time. `disorder: { maxDelay, seed }` shuffles arrival by up to `maxDelay` of event time, reproducibly. A line that cannot be parsed (malformed JSON or CSV, invalid UTF-8, longer than `maxLineBytes`), an unreadable Parquet row group or Avro block, or corrupt compressed data goes to `errors` with its file and line (record) number; the rest go on (see File formats). Timestamps and bounded-out-of-orderness watermarks as Flink's WatermarkStrategy.",
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: FileSourceConfig,
  defaults: FileSourceConfig.parse({
    path: '../data/flights-20k.jsonl',
    time: { mode: 'event', field: 'date' },
    watermarks: { maxOutOfOrderness: '5m' },
  }),
  capabilities: {
    readsFile: { fields: ['path'] },
    expressionFields: ['time'],
    declaresFileSchema: { path: 'path', format: 'format', compression: 'compression' },
    // `schema`, else the CSV columns whose types are declared (the others stay invisible to SQL).
    declaredSchema: (c) => {
      const columns = (c as FileSourceConfig).csv?.columns;
      return schemaField(c) ?? (columns ? { field: 'csv.columns', columns: csvColumns(Object.keys(columns), columns) } : undefined);
    },
  },
  look: { icon: 'file-input', summary: (c) => str(c.path) },
};

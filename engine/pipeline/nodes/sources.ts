/**
 * Source node types. Every source assigns timestamps (`time`) and generates watermarks
 * (`watermarks`) itself, like a Flink source with a `WatermarkStrategy`, and has an `errors`
 * output for records it cannot read. At the end of a bounded input it emits the final
 * watermark (+∞), which fires every pending window.
 */
import { z } from 'zod';
import { Duration, TimeSpec, WatermarkSpec } from './common.ts';
import { ERRORS, type NodeTypeSpec } from '../node-spec.ts';

const SOURCE_OUT = { id: 'out', label: 'out', kind: 'records' } as const;

/** Replay speed: `max` (as fast as possible) or a multiple of event time (1 = real time). */
export const ReplaySpeed = z.union([z.literal('max'), z.number().positive()]);
export type ReplaySpeed = z.output<typeof ReplaySpeed>;

const ColumnType = z.enum(['string', 'number', 'integer', 'boolean', 'json']);

export const FileSourceConfig = z.object({
  path: z.string().min(1).describe('file to replay, relative to the pipeline file'),
  format: z.enum(['auto', 'jsonl', 'csv', 'json']).default('auto').describe('auto: by file extension'),
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
});
export type FileSourceConfig = z.output<typeof FileSourceConfig>;

export const fileSourceSpec: NodeTypeSpec<FileSourceConfig> = {
  type: 'fileSource',
  version: 1,
  category: 'source',
  label: 'File source',
  description:
    'Replays a JSON Lines, CSV or JSON-array file as a bounded stream, at full speed or at a multiple of event time. A line that cannot be parsed goes to `errors` with its file and line number; the rest go on. Timestamps and bounded-out-of-orderness watermarks as Flink\'s WatermarkStrategy.',
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: FileSourceConfig,
  defaults: FileSourceConfig.parse({
    path: '../data/flights-20k.jsonl',
    time: { mode: 'event', field: 'date' },
    watermarks: { maxOutOfOrderness: '5m' },
  }),
};

export const GeneratorConfig = z.object({
  count: z.number().int().nonnegative().describe('records to generate (bounded)'),
  keys: z.number().int().positive().default(100).describe('distinct values of `key`'),
  start: z.string().default('2024-01-01T00:00:00.000Z').describe('event time of the first record (ISO-8601)'),
  step: Duration.default(1000).describe('event time between records'),
  seed: z.number().int().default(1),
  speed: ReplaySpeed.default('max'),
  watermarks: WatermarkSpec.prefault({}),
});
export type GeneratorConfig = z.output<typeof GeneratorConfig>;

export const generatorSpec: NodeTypeSpec<GeneratorConfig> = {
  type: 'generator',
  version: 1,
  category: 'source',
  label: 'Generator',
  description:
    'Generates `count` synthetic records `{ seq, key, value, ts }` in event-time order (`ts` in epoch ms, `value` a seeded pseudo-random integer 0..999), for trying pipelines and benchmarks. Deterministic for a seed; its position is its sequence number.',
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: GeneratorConfig,
  defaults: GeneratorConfig.parse({ count: 100_000 }),
};

export const ValuesConfig = z.object({
  rows: z.array(z.record(z.string(), z.unknown())).describe('the records, in arrival order'),
  time: TimeSpec,
  watermarks: WatermarkSpec.prefault({}),
});
export type ValuesConfig = z.output<typeof ValuesConfig>;

export const valuesSpec: NodeTypeSpec<ValuesConfig> = {
  type: 'values',
  version: 1,
  category: 'source',
  label: 'Values',
  description:
    "Emits the rows written in the pipeline itself, in order, then ends (Flink's `fromElements`). Handy for small tests and examples.",
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: ValuesConfig,
  defaults: ValuesConfig.parse({ rows: [{ ts: 0, value: 1 }], time: { mode: 'event', field: 'ts' } }),
};

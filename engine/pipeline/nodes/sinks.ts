/**
 * Sink node types. Sinks accept any stream, including `late` and `errors` side outputs, and
 * several inputs at once. Only the file sink will take part in checkpoints (exactly-once);
 * console and preview are for looking, not for results.
 */
import { z } from 'zod';
import { ANY_KIND, type InputPortSpec, type NodeTypeSpec } from '../node-spec.ts';

const SINK_IN: InputPortSpec = { id: 'in', label: 'in', accepts: ANY_KIND, multiple: true };

export const FileSinkConfig = z.object({
  path: z
    .string()
    .min(1)
    .optional()
    .describe('JSON Lines file, relative to the pipeline file; `tributary run --out DIR` writes DIR/<node id>.jsonl instead'),
});
export type FileSinkConfig = z.output<typeof FileSinkConfig>;

export const fileSinkSpec: NodeTypeSpec<FileSinkConfig> = {
  type: 'fileSink',
  version: 1,
  category: 'sink',
  label: 'File sink',
  description: 'Writes each record as one JSON line, in arrival order.',
  inputs: [SINK_IN],
  outputs: [],
  config: FileSinkConfig,
  defaults: {},
};

export const ConsoleSinkConfig = z.object({
  prefix: z.string().default('').describe('text before each printed record'),
});
export type ConsoleSinkConfig = z.output<typeof ConsoleSinkConfig>;

export const consoleSinkSpec: NodeTypeSpec<ConsoleSinkConfig> = {
  type: 'consoleSink',
  version: 1,
  category: 'sink',
  label: 'Console',
  description: "Prints each record as JSON on standard output (Flink's `print()` sink). Not exactly-once.",
  inputs: [SINK_IN],
  outputs: [],
  config: ConsoleSinkConfig,
  defaults: { prefix: '' },
};

export const PreviewSinkConfig = z.object({
  limit: z.number().int().positive().max(10_000).default(100).describe('how many latest records to keep'),
});
export type PreviewSinkConfig = z.output<typeof PreviewSinkConfig>;

export const previewSinkSpec: NodeTypeSpec<PreviewSinkConfig> = {
  type: 'previewSink',
  version: 1,
  category: 'sink',
  label: 'Preview',
  description: 'Keeps the latest `limit` records in memory for the editor and the run summary. Not exactly-once.',
  inputs: [SINK_IN],
  outputs: [],
  config: PreviewSinkConfig,
  defaults: { limit: 100 },
};

/**
 * `fileSink`: writes each record as one JSON line, in arrival order. With checkpoints it is
 * exactly-once (two-phase commit per checkpoint epoch, `engine/connectors/transactional-file.ts`).
 * On a changelog stream it writes the changes (`changelog`) or the table they make (`upsert`).
 */
import { z } from 'zod';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SINK_IN } from '../common/ports.ts';
import { str } from '../common/looks.ts';

export const FileSinkConfig = z
  .object({
    path: z
      .string()
      .min(1)
      .optional()
      .describe('JSON Lines file, relative to the pipeline file; `tributary run --out DIR` writes DIR/<node id>.jsonl instead'),
    mode: z
      .enum(['append', 'changelog', 'upsert'])
      .default('append')
      .describe('append: one line per record (append-only input); changelog: one line per change, `{"op":"+U","row":{…}}`; upsert: the table by `key`, rewritten whole at each completed checkpoint and at the end'),
    key: z.array(z.string().min(1)).min(1).optional().describe("upsert mode: the table's primary key fields (Flink's PRIMARY KEY … NOT ENFORCED)"),
  })
  .refine((c) => c.mode !== 'upsert' || c.key !== undefined, { message: 'an upsert file sink needs a "key" (its primary key fields)', path: ['key'] });
export type FileSinkConfig = z.output<typeof FileSinkConfig>;

export const fileSinkSpec: NodeTypeSpec<FileSinkConfig> = {
  type: 'fileSink',
  version: 1,
  category: 'sink',
  label: 'File sink',
  description:
    'Writes each record as one JSON line, in arrival order (`mode: "append"`, append-only input). On a changelog stream: `mode: "changelog"` writes one line per change, `{"op":"+I"|"-U"|"+U"|"-D","row":{…}}`, in order, exactly once with checkpoints (each RowKind spelled as Flink\'s `print` connector does); `mode: "upsert"` keeps the table by its primary `key` (`+I`/`+U` put the row, `-U`/`-D` remove it, as Flink\'s sink upsert materializer) and writes it whole, one row per line in key order, to a temporary file renamed over `path` when a checkpoint completes and at the end, so the file always holds the table of a completed checkpoint and, when the input ends, the final table.',
  inputs: [SINK_IN],
  outputs: [],
  config: FileSinkConfig,
  defaults: FileSinkConfig.parse({}),
  capabilities: { writesFile: { field: 'path' }, changelog: { consumesUpdates: (c) => c.mode !== 'append' } },
  look: { icon: 'file-output', summary: (c) => `${str(c.path) || '<run folder>'}${c.mode === 'changelog' || c.mode === 'upsert' ? ` (${c.mode})` : ''}` },
};

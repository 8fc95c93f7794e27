/**
 * `fileSink`: writes each record as one JSON line, in arrival order. With checkpoints it is
 * exactly-once (two-phase commit per checkpoint epoch, `engine/connectors/transactional-file.ts`).
 */
import { z } from 'zod';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SINK_IN } from '../common/ports.ts';
import { str } from '../common/looks.ts';

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
  capabilities: { writesFile: { field: 'path' } },
  look: { icon: 'file-output', summary: (c) => str(c.path) || '<run folder>' },
};

/** `previewSink`: keeps the latest records in memory for the editor; not exactly-once. */
import { z } from 'zod';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SINK_IN } from '../common/ports.ts';
import { str } from '../common/looks.ts';

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
  capabilities: { previewsInput: true },
  look: { icon: 'eye', summary: (c) => `latest ${str(c.limit)}` },
};

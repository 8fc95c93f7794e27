/** `consoleSink`: prints each record as JSON on standard output (Flink's `print()`); not exactly-once. */
import { z } from 'zod';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SINK_IN } from '../common/ports.ts';

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
  capabilities: {},
  look: { icon: 'terminal', summary: () => 'stdout' },
};

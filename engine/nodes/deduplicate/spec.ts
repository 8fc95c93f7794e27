/**
 * `deduplicate`: keeps one row per key, the first or the last (Flink SQL's deduplication,
 * `ROW_NUMBER() OVER (PARTITION BY key ORDER BY time) = 1`).
 */
import { z } from 'zod';
import { IN, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';

export const DeduplicateConfig = z.object({
  key: z.array(z.string().min(1)).min(1).describe('fields whose values identify a row (PARTITION BY)'),
  keep: z.enum(['first', 'last']).default('first').describe('which row of a key to keep'),
  order: z
    .enum(['arrival', 'eventTime'])
    .default('arrival')
    .describe("arrival: in the order rows arrive (Flink's ORDER BY a processing-time attribute); eventTime: by the rows' timestamps (ORDER BY rowtime)"),
});
export type DeduplicateConfig = z.output<typeof DeduplicateConfig>;

export const deduplicateSpec: NodeTypeSpec<DeduplicateConfig> = {
  type: 'deduplicate',
  version: 1,
  category: 'transform',
  label: 'Deduplicate',
  description:
    "Keeps one row per `key` (Flink SQL's deduplication, `ROW_NUMBER() OVER (PARTITION BY key ORDER BY …) = 1`). `keep: \"first\"` in arrival order emits each key's first row (`+I`) and drops the rest: an append-only stream. `keep: \"last\"` emits `+I` for a key's first row, then `-U` of the kept row and `+U` of the new one for each later row; with `order: \"eventTime\"` a row replaces the kept one only if its timestamp is later (last; equal counts as later) or earlier (first), as Flink's `RowTimeDeduplicateFunction`. Both updating forms make a retract stream keyed by `key`. Takes append-only input, as Flink's deduplication. Dropped rows are counted as filtered.",
  inputs: [IN],
  outputs: [OUT],
  config: DeduplicateConfig,
  defaults: DeduplicateConfig.parse({ key: ['id'] }),
  capabilities: {
    preservesSchema: true,
    changelog: {
      produces: (c) => {
        const d = c as DeduplicateConfig;
        return d.keep === 'first' && d.order === 'arrival' ? { kind: 'append' } : { kind: 'retract', key: d.key };
      },
    },
    state: [{ name: 'kept', kind: 'value', description: "per key: the row kept and its timestamp" }],
  },
  look: { icon: 'copy-minus', summary: (c) => `keep ${String(c.keep ?? 'first')} by ${Array.isArray(c.key) ? (c.key as string[]).join(', ') : ''}` },
};

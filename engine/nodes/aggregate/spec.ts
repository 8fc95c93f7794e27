/**
 * `aggregate`: a non-windowed keyed GROUP BY over a changelog or append-only stream (Flink
 * SQL's `GroupAggregate`), emitting its result table as a changelog.
 */
import { z } from 'zod';
import { AggregateSpec } from '../../pipeline/config-schemas.ts';
import { IN, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { aggregatesText } from '../common/looks.ts';

export const AggregateConfig = z.object({
  groupBy: z.array(z.string().min(1)).default([]).describe('fields whose values form a group (the result\'s unique key); empty: one global group'),
  aggregates: z
    .array(AggregateSpec)
    .min(1)
    .refine((list) => list.every((a) => a.fn !== 'custom'), { message: 'custom aggregates cannot be retracted yet: use the built-in ones' })
    .describe('named aggregates, e.g. { name: "revenue", fn: "sum", field: "amount" }'),
});
export type AggregateConfig = z.output<typeof AggregateConfig>;

export const aggregateSpec: NodeTypeSpec<AggregateConfig> = {
  type: 'aggregate',
  version: 1,
  category: 'transform',
  label: 'Aggregate',
  description:
    "A non-windowed GROUP BY (Flink SQL's `GroupAggregate`): keeps one accumulator per group in keyed state and, for every row in, emits the group's new result as a change — `+I` for a new group, `-U` of the old result then `+U` of the new one, `-D` when the group's last row is retracted; nothing when the result did not change. It consumes updating input (`-U`/`-D` rows retract, as Flink's retractable aggregates), so it can total a CDC stream. Built-in aggregates only: count, sum, avg, min, max (which keep each group's values so deleting the current minimum finds the next), first, last, countDistinct. Output rows hold the `groupBy` fields and the aggregates; the timestamp is the input row's. It needs no watermark: results change as rows arrive, so windows, joins and append-only sinks cannot take its output (TRB022).",
  inputs: [IN],
  outputs: [OUT],
  config: AggregateConfig,
  defaults: AggregateConfig.parse({ groupBy: ['customer_id'], aggregates: [{ name: 'orders', fn: 'count' }, { name: 'revenue', fn: 'sum', field: 'amount' }] }),
  capabilities: {
    changelog: { consumesUpdates: true, produces: (c) => ({ kind: 'retract', key: (c as AggregateConfig).groupBy }) },
    state: [{ name: 'group', kind: 'value', description: 'per group: its key values, row count, one accumulator per aggregate and the last result emitted' }],
  },
  look: { icon: 'sigma', summary: (c) => [Array.isArray(c.groupBy) && c.groupBy.length > 0 ? `by ${(c.groupBy as string[]).join(', ')}` : 'global', aggregatesText(c)].join(' · ') },
};

/** `generator`: synthetic records in event-time order, for trying pipelines and benchmarks. */
import { z } from 'zod';
import { Duration, ReplaySpeed, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { str } from '../common/looks.ts';

export const GeneratorConfig = z.object({
  count: z.number().int().nonnegative().max(1e15).describe('records to generate (bounded)'),
  keys: z.number().int().positive().max(1e9).default(100).describe('distinct values of `key`'),
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
  capabilities: {
    declaredSchema: () => ({
      field: 'count',
      columns: [
        { name: 'seq', type: 'BIGINT NOT NULL' },
        { name: 'key', type: 'STRING NOT NULL' },
        { name: 'value', type: 'INT NOT NULL' },
        { name: 'ts', type: 'BIGINT NOT NULL' },
      ],
    }),
  },
  look: { icon: 'sparkles', summary: (c) => `${str(c.count)} records` },
};

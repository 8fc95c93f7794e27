/** `values`: the rows written in the pipeline itself, in order, then the end (Flink's `fromElements`). */
import { z } from 'zod';
import { TimeSpec, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { SchemaDeclaration, schemaField } from '../common/schema.ts';

export const ValuesConfig = z.object({
  rows: z.array(z.record(z.string(), z.unknown())).describe('the records, in arrival order'),
  time: TimeSpec,
  watermarks: WatermarkSpec.prefault({}),
  schema: SchemaDeclaration.optional(),
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
  capabilities: { inlineData: { field: 'rows' }, expressionFields: ['time'], declaredSchema: schemaField },
  look: { icon: 'rows-3', summary: (c) => `${Array.isArray(c.rows) ? c.rows.length : 0} rows` },
};

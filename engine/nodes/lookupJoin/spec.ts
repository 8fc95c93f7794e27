/**
 * `lookupJoin`: enriches each record from a static table file loaded once at start (Flink
 * SQL's lookup join with a table that does not change during the run).
 */
import { z } from 'zod';
import { KeySpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, IN, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { str } from '../common/looks.ts';

export const LookupJoinConfig = z.object({
  table: z.string().min(1).describe('CSV, JSON or JSONL file, relative to the pipeline file'),
  format: z.enum(['auto', 'csv', 'json', 'jsonl']).default('auto'),
  key: KeySpec.describe('key of the stream record'),
  tableKey: z.array(z.string().min(1)).min(1).describe('table columns matched against the key'),
  select: z.array(z.string().min(1)).optional().describe('table columns to add (default: all)'),
  prefix: z.string().default('').describe('prefix for added columns, e.g. "origin_"'),
  mode: z.enum(['leftOuter', 'inner']).default('leftOuter').describe('inner: records without a match are filtered'),
});
export type LookupJoinConfig = z.output<typeof LookupJoinConfig>;

export const lookupJoinSpec: NodeTypeSpec<LookupJoinConfig> = {
  type: 'lookupJoin',
  version: 1,
  category: 'join',
  label: 'Lookup join',
  description:
    "Enriches each record with the matching row of a static table file, loaded once at start (Flink SQL's lookup join `FOR SYSTEM_TIME AS OF`, with a static table). `leftOuter` keeps records without a match (added columns are null); `inner` filters them.",
  inputs: [IN],
  outputs: [OUT, ERRORS],
  config: LookupJoinConfig,
  defaults: LookupJoinConfig.parse({
    table: '../data/airports.csv',
    key: { fields: ['origin'] },
    tableKey: ['iata'],
    select: ['state', 'city'],
    prefix: 'origin_',
  }),
  capabilities: { readsFile: { fields: ['table'] }, keys: [{ port: 'in', field: 'key', required: true }], expressionFields: ['key'] },
  look: { icon: 'table-2', summary: (c) => str(c.table) },
};

/** `map`: one record in, one record out (Flink's `map`); a throw sends the record to `errors`. */
import { NoConfig } from '../../pipeline/config-schemas.ts';
import { ERRORS, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { ANY_IN } from '../common/ports.ts';
import { firstLine } from '../common/looks.ts';

export const mapSpec: NodeTypeSpec<NoConfig> = {
  type: 'map',
  version: 1,
  category: 'transform',
  label: 'Map',
  description:
    "Turns each record into one new record (Flink's `map`). The timestamp is kept, and so is the row kind of a changelog record (`+I`/`-U`/`+U`/`-D`): the new record is the same change of the mapped row, as Flink SQL's projection. A map that drops or rewrites a key field of an upsert stream keeps its updates keyed by the old key; Flink's planner would notice, Tributary does not.",
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: '({ ...event })',
    contract: '(event) => record: an expression, or a function body with `return`',
  },
  capabilities: { changelog: { consumesUpdates: true } },
  look: { icon: 'function-square', summary: (_c, code) => firstLine(code) },
};

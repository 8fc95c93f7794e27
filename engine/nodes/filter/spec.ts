/** `filter`: keeps the records for which the code is truthy (Flink's `filter`). */
import { NoConfig } from '../../pipeline/config-schemas.ts';
import { ERRORS, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { ANY_IN } from '../common/ports.ts';
import { firstLine } from '../common/looks.ts';

export const filterSpec: NodeTypeSpec<NoConfig> = {
  type: 'filter',
  version: 1,
  category: 'transform',
  label: 'Filter',
  description: "Keeps the records for which the expression is truthy (Flink's `filter`); the others are counted as filtered.",
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: 'event.delay > 0',
    contract: '(event) => boolean',
  },
  // Row kinds pass through with the rows (Flink's Calc/Union on a changelog).
  capabilities: { preservesSchema: true, changelog: { consumesUpdates: true } },
  look: { icon: 'filter', summary: (_c, code) => firstLine(code) },
};

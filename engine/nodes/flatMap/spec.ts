/** `flatMap`: one record in, zero or more out (Flink's `flatMap`). */
import { NoConfig } from '../../pipeline/config-schemas.ts';
import { ERRORS, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { ANY_IN } from '../common/ports.ts';
import { firstLine } from '../common/looks.ts';

export const flatMapSpec: NodeTypeSpec<NoConfig> = {
  type: 'flatMap',
  version: 1,
  category: 'transform',
  label: 'Flat map',
  description: "Turns each record into zero or more records (Flink's `flatMap`); returning an empty array filters the record.",
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: '[event]',
    contract: '(event) => record[]',
  },
  capabilities: {},
  look: { icon: 'split', summary: (_c, code) => firstLine(code) },
};

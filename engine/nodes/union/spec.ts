/** `union`: merges streams (Flink's `union`); its watermark is the minimum over its non-idle inputs. */
import { NoConfig } from '../../pipeline/config-schemas.ts';
import { ANY_KIND, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';

export const unionSpec: NodeTypeSpec<NoConfig> = {
  type: 'union',
  version: 1,
  category: 'transform',
  label: 'Union',
  description: "Merges several streams into one (Flink's `union`). Its watermark is the minimum over its non-idle inputs.",
  inputs: [{ id: 'in', label: 'in', accepts: ANY_KIND, multiple: true }],
  outputs: [OUT],
  config: NoConfig,
  defaults: {},
  // Row kinds pass through with the rows (Flink's Calc/Union on a changelog).
  capabilities: { preservesSchema: true, changelog: { consumesUpdates: true } },
  look: { icon: 'merge', summary: () => 'merge streams' },
};

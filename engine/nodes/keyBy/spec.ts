/** `keyBy`: partitions the stream by key (Flink's `keyBy` → `KeyedStream`); records pass unchanged. */
import { z } from 'zod';
import { KeySpec } from '../../pipeline/config-schemas.ts';
import { IN, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { keyText } from '../common/looks.ts';

export const KeyByConfig = z.object({ key: KeySpec });
export type KeyByConfig = z.output<typeof KeyByConfig>;

export const keyBySpec: NodeTypeSpec<KeyByConfig> = {
  type: 'keyBy',
  version: 1,
  category: 'transform',
  label: 'Key by',
  description:
    "Partitions the stream by key (Flink's `keyBy`). Records pass unchanged; windows, joins and process functions directly downstream use this key.",
  inputs: [IN],
  outputs: [{ id: 'out', label: 'out', kind: 'keyed' }],
  config: KeyByConfig,
  defaults: { key: { fields: ['origin'] } },
  capabilities: { setsKey: { field: 'key' }, expressionFields: ['key'], preservesSchema: true, changelog: { consumesUpdates: true } },
  look: { icon: 'key-round', summary: (c) => keyText(c.key) },
};

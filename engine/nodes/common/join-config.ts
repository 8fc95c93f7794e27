/** The code contract and capabilities the two-input joins share. */
import type { CodeSpec, NodeCapabilities } from '../../pipeline/node-spec.ts';

export const joinCode: CodeSpec = {
  kind: 'expression',
  params: ['left', 'right'],
  required: false,
  template: '({ ...left, ...right })',
  contract: '(left, right) => joined record: an expression, or a function body with `return`',
};

/** Both inputs keyed: by their own key fields, or by a keyBy directly upstream. */
export const twoInputKeys: NodeCapabilities['keys'] = [
  { port: 'left', field: 'leftKey', required: true },
  { port: 'right', field: 'rightKey', required: true },
];

/** `windowJoin`: the runtime's tumbling window join over the left and right keys. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { windowJoinOperator } from '../../runtime/join/window-join-operator.ts';
import { joinKeys } from '../common/join-keys.ts';
import type { WindowJoinConfig } from './spec.ts';

export const windowJoinNodeOperator: OperatorFactory<WindowJoinConfig> = {
  kind: 'operator',
  create(ctx) {
    const { left, right } = joinKeys(ctx);
    return windowJoinOperator(ctx, left, right);
  },
};

/** `intervalJoin`: the runtime's interval join over the left and right keys. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { intervalJoinOperator } from '../../runtime/join/interval-join-operator.ts';
import { joinKeys } from '../common/join-keys.ts';
import type { IntervalJoinConfig } from './spec.ts';

export const intervalJoinNodeOperator: OperatorFactory<IntervalJoinConfig> = {
  kind: 'operator',
  create(ctx) {
    const { left, right } = joinKeys(ctx);
    return intervalJoinOperator(ctx, left, right);
  },
};

/** `slidingWindow`: the runtime's aligned window operator, keyed by the node's key, a keyBy's, or one global key. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { GLOBAL_KEY } from '../../runtime/key-selector.ts';
import { alignedWindowOperator } from '../../runtime/window/aligned-window-operator.ts';
import type { SlidingWindowConfig } from './spec.ts';

export const slidingWindowOperator: OperatorFactory<SlidingWindowConfig> = {
  kind: 'operator',
  create: (ctx) => alignedWindowOperator(ctx, ctx.keyOf('in') ?? GLOBAL_KEY),
};

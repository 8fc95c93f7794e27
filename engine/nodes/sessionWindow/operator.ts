/** `sessionWindow`: the runtime's merging session operator, keyed like the other windows. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { GLOBAL_KEY } from '../../runtime/key-selector.ts';
import { sessionWindowOperator } from '../../runtime/window/session-window-operator.ts';
import type { SessionWindowConfig } from './spec.ts';

export const sessionWindowNodeOperator: OperatorFactory<SessionWindowConfig> = {
  kind: 'operator',
  create: (ctx) => sessionWindowOperator(ctx, ctx.keyOf('in') ?? GLOBAL_KEY),
};

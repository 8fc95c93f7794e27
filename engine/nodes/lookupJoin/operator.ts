/** `lookupJoin`: the runtime's lookup join, with its table read from a file (`connectors/table-file.ts`). */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { lookupJoinOperator } from '../../runtime/join/lookup-join-operator.ts';
import { readTableFile } from '../../connectors/table-file.ts';
import type { LookupJoinConfig } from './spec.ts';

export const lookupJoinNodeOperator: OperatorFactory<LookupJoinConfig> = {
  kind: 'operator',
  create(ctx) {
    const key = ctx.keyOf('in');
    if (!key) throw new Error('the lookup join has no key');
    return lookupJoinOperator(ctx, key, () => readTableFile(ctx.resolvePath(ctx.config.table), ctx.config.format));
  },
};

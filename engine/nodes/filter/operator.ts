/** `filter`: truthy results pass (accepted), falsy ones are counted as filtered. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { callUser, FAILED, type RecordFunction } from '../../runtime/user-call.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const filterOperator: OperatorFactory<NoConfig> = {
  kind: 'operator',
  create(ctx) {
    const fn = ctx.userCode<RecordFunction>();
    const out = ctx.output('out');
    const m = ctx.metrics;
    return {
      processElement(row, ts) {
        const keep = callUser(ctx, 'filter', fn, row, ts);
        if (keep === FAILED) return;
        if (keep) {
          m.accepted++;
          out.emit(row, ts);
        } else {
          m.filtered++;
        }
      },
    };
  },
};

/** `flatMap`: each record of the returned array is emitted with the input's timestamp; `[]` filters. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { callUser, FAILED, isRecord, type RecordFunction } from '../../runtime/user-call.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const flatMapOperator: OperatorFactory<NoConfig> = {
  kind: 'operator',
  create(ctx) {
    const fn = ctx.userCode<RecordFunction>();
    const out = ctx.output('out');
    const m = ctx.metrics;
    return {
      processElement(row, ts) {
        const result = callUser(ctx, 'flatMap', fn, row, ts);
        if (result === FAILED) return;
        if (!Array.isArray(result) || !result.every(isRecord)) {
          ctx.error('flatMap must return an array of records', { record: row }, ts);
          return;
        }
        if (result.length === 0) {
          m.filtered++;
          return;
        }
        m.accepted++;
        for (const r of result) out.emit(r, ts);
      },
    };
  },
};

/**
 * `map`: the code's result replaces the record; a non-object result or a throw goes to `errors`.
 * The result keeps the input's row kind (`copyKind`: one property read, nothing set for `+I`).
 */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { callUser, FAILED, isRecord, type RecordFunction } from '../../runtime/user-call.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';
import { copyKind } from '../../runtime/changelog/row-kind.ts';

export const mapOperator: OperatorFactory<NoConfig> = {
  kind: 'operator',
  create(ctx) {
    const fn = ctx.userCode<RecordFunction>();
    const out = ctx.output('out');
    const m = ctx.metrics;
    return {
      processElement(row, ts) {
        const result = callUser(ctx, 'map', fn, row, ts);
        if (result === FAILED) return;
        if (!isRecord(result)) {
          ctx.error(`map must return a record (an object), returned ${JSON.stringify(result) ?? 'undefined'}`, { record: row }, ts);
          return;
        }
        m.accepted++;
        copyKind(row, result);
        out.emit(result, ts);
      },
    };
  },
};

/**
 * The `deduplicate` node's operator, as Flink's `ProcTimeDeduplicateKeepFirstRowFunction`,
 * `ProcTimeDeduplicateKeepLastRowFunction` and `RowTimeDeduplicateFunction` (update-before on):
 * per key, in keyed state, the row kept and its timestamp. A row that replaces the kept one
 * emits `-U` of the old row and `+U` of the new one, as copies (an input row may also go to
 * other branches, whose rows must keep their own kind).
 */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { fieldKeySelector } from '../../runtime/key-selector.ts';
import { withKind } from '../../runtime/changelog/row-kind.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { DeduplicateConfig } from './spec.ts';

interface Kept {
  row: DataRecord;
  ts: number;
}

export const deduplicateOperator: OperatorFactory<DeduplicateConfig> = {
  kind: 'operator',
  create(ctx) {
    const { key, keep, order } = ctx.config;
    const selector = fieldKeySelector(key);
    const state = ctx.state.value<Kept>('kept');
    const out = ctx.output('out');
    const m = ctx.metrics;
    const replaces = (ts: number, kept: Kept): boolean => {
      if (order === 'arrival') return keep === 'last';
      return keep === 'last' ? ts >= kept.ts : ts < kept.ts;
    };
    return {
      processElement(row, ts) {
        ctx.state.setCurrentKey(selector.key(row));
        const kept = state.get();
        if (kept === undefined) {
          m.accepted++;
          state.set({ row, ts });
          out.emit(row, ts);
          return;
        }
        if (!replaces(ts, kept)) {
          m.filtered++;
          return;
        }
        m.accepted++;
        state.set({ row, ts });
        out.emit(withKind({ ...kept.row }, '-U'), ts);
        out.emit(withKind({ ...row }, '+U'), ts);
      },
      stateShape: () => `deduplicate ${keep} by ${key.join(',')} (${order})`,
    };
  },
};

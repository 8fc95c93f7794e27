/**
 * Window Top-N (Flink's `WindowRankOperator`) and window deduplication (`WindowDeduplicate`):
 * rows are kept per window and PARTITION BY key, sorted by the ORDER BY keys (NULLS FIRST/LAST as
 * written; equal keys in arrival order, as Flink's `TopNBuffer`), at most `rankEnd` of them; when
 * the watermark reaches the window's end - 1 the rows ranked `rankStart..rankEnd` are emitted
 * with their ROW_NUMBER, filtered and projected (timestamp end - 1). A row whose window already
 * fired is late. Deduplication — `rn = 1` ordered by a time attribute alone, rank not selected —
 * keeps Flink's tie rule: the first row for ascending time, the last one for descending.
 * State: `r<id>` per partition key, window end → `[row, …]`; timers per (key, window end).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { compareValues, compileExpression, compilePredicate, isTimeAttribute, SqlRuntimeError, type SqlRow, type SqlType, type SqlValue, type WindowTopNNode } from '../../../sql/index.ts';
import { keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';

export function windowTopNOp(node: WindowTopNNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const keys = node.partitionKeys.map(compileExpression);
  const keyTypes: SqlType[] = node.partitionKeys.map((k) => k.type);
  const order = node.orderKeys.map((k) => ({ value: compileExpression(k.expr), descending: k.descending, nullsFirst: k.nullsFirst }));
  const filter = node.filter === undefined ? undefined : compilePredicate(node.filter);
  const projection = node.projection.map(compileExpression);
  const onlyKey = node.orderKeys[0];
  const dedup = node.rankStart === 1 && node.rankEnd === 1 && !node.outputRankNumber && node.orderKeys.length === 1 && onlyKey !== undefined && isOnTime(node, onlyKey.expr);
  // Ties go after equal rows, except when deduplicating on descending time (keep the last row).
  const newFirstOnTie = dedup && onlyKey?.descending === true;
  const state = env.state;
  const store = state.map<SqlRow[]>(`r${node.id}`);
  const trigger = new EventTimeTrigger(env.timers(), 0);
  const fields = node.input.fields;
  const rankedFields = [...fields, { name: 'rn', type: { kind: 'BIGINT', nullable: false } as SqlType }];
  const fate = env.fate;
  const n = fields.length;
  let watermark = Number.NEGATIVE_INFINITY;

  /** Negative when `a` ranks before `b`. */
  const compare = (a: SqlRow, b: SqlRow): number => {
    for (const k of order) {
      const x = k.value(a);
      const y = k.value(b);
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row, timestamp) {
      const end = row[node.windowEnd] as number;
      if (trigger.isLate(end - 1, watermark)) {
        fate.late(row, fields, timestamp);
        return;
      }
      let key: string;
      let position: number;
      let rows: SqlRow[];
      try {
        key = keyOf(keys.map((k) => k(row)), keyTypes);
        state.setCurrentKey(key);
        rows = store.get(end) ?? [];
        // Binary search for the insertion point among equal keys (after them, or before them).
        let lo = 0;
        let hi = rows.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const c = compare(rows[mid] as SqlRow, row);
          if (c < 0 || (c === 0 && !newFirstOnTie)) lo = mid + 1;
          else hi = mid;
        }
        position = lo;
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      fate.accept();
      if (position >= node.rankEnd) return;
      const fresh = rows.length === 0;
      rows.splice(position, 0, row);
      if (rows.length > node.rankEnd) rows.pop();
      store.set(end, rows);
      if (fresh) trigger.register(end - 1, key, end, watermark);
    },
    onTimer(ts, key, ns) {
      state.setCurrentKey(key);
      const end = ns as number;
      const rows = store.get(end);
      if (rows === undefined || !trigger.onTimer(ts, end - 1).fire) return;
      store.delete(end);
      for (let i = node.rankStart - 1; i < rows.length && i < node.rankEnd; i++) {
        const ranked: SqlValue[] = (rows[i] as SqlRow).slice(0, n);
        ranked[n] = BigInt(i + 1);
        let out: SqlValue[];
        try {
          if (filter !== undefined && !filter(ranked)) continue;
          out = projection.map((p) => p(ranked));
        } catch (e) {
          if (!(e instanceof SqlRuntimeError)) throw e;
          fate.fail(e, ranked, rankedFields, end - 1);
          continue;
        }
        emit(out, end - 1);
      }
    },
  };
}

/** Whether `expr` is the window's time attribute (or another time attribute) of the Top-N's input. */
function isOnTime(node: WindowTopNNode, expr: WindowTopNNode['orderKeys'][number]['expr']): boolean {
  if (expr.kind !== 'input') return false;
  const input = node.input;
  if (isTimeAttribute(expr.type)) return true;
  return input.kind === 'windowTableFunction' && expr.index === input.window.timeAttribute.index;
}

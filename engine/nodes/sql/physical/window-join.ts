/**
 * Window join (Flink's `WindowJoinOperator`): both inputs carry the same window columns; rows
 * are kept per equi-join key and window end, one list per side, and when the watermark reaches
 * the window's end - 1 every left/right pair of the window passing the residual condition is
 * emitted (timestamp end - 1), with NULL-padded rows for the outer side's rows that found no
 * partner. A row whose window already fired is late. NULL keys never match (SQL `=`), but such
 * rows of an outer side are still emitted padded.
 * State per join key: `j<id>l`/`j<id>r` window end → `[row, key has NULL][]`; timers per
 * (key, window end).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { compileExpression, compilePredicate, SqlRuntimeError, type SqlColumn, type SqlRow, type SqlType, type SqlValue, type WindowJoinNode } from '../../../sql/index.ts';
import { hasNull, keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';

type Kept = [row: SqlRow, nullKey: boolean];

export function windowJoinOp(node: WindowJoinNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const leftOuter = node.joinType === 'LEFT' || node.joinType === 'FULL';
  const rightOuter = node.joinType === 'RIGHT' || node.joinType === 'FULL';
  const keys = [node.leftKeys.map(compileExpression), node.rightKeys.map(compileExpression)];
  const keyTypes: SqlType[][] = [node.leftKeys.map((k) => k.type), node.rightKeys.map((k) => k.type)];
  const ends = [node.leftWindow.end, node.rightWindow.end];
  const residual = node.residual === undefined ? undefined : compilePredicate(node.residual);
  const projection = node.projection.map(compileExpression);
  const nl = node.left.fields.length;
  const nr = node.right.fields.length;
  const sideFields: (readonly SqlColumn[])[] = [node.left.fields, node.right.fields];
  const joinedFields = [...node.left.fields, ...node.right.fields];
  const state = env.state;
  const stores = [state.map<Kept[]>(`j${node.id}l`), state.map<Kept[]>(`j${node.id}r`)];
  const trigger = new EventTimeTrigger(env.timers(), 0);
  const fate = env.fate;
  let watermark = Number.NEGATIVE_INFINITY;

  const output = (row: SqlValue[], timestamp: number): void => {
    let out: SqlValue[];
    try {
      out = projection.map((p) => p(row));
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, joinedFields, timestamp);
      return;
    }
    emit(out, timestamp);
  };
  const matches = (row: SqlValue[], timestamp: number): boolean => {
    try {
      return residual === undefined || residual(row);
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, joinedFields, timestamp);
      return false;
    }
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row, timestamp, side) {
      const end = row[ends[side] as number] as number;
      if (trigger.isLate(end - 1, watermark)) {
        fate.late(row, sideFields[side] as readonly SqlColumn[], timestamp);
        return;
      }
      let values: SqlValue[];
      try {
        values = (keys[side] as ((r: SqlRow) => SqlValue)[]).map((k) => k(row));
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, sideFields[side] as readonly SqlColumn[], timestamp);
        return;
      }
      const key = keyOf(values, keyTypes[side] as SqlType[]);
      state.setCurrentKey(key);
      const store = stores[side] as (typeof stores)[number];
      const list = store.get(end) ?? [];
      list.push([row, hasNull(values)]);
      store.set(end, list);
      // Registering the same (time, key, window) again keeps one timer.
      trigger.register(end - 1, key, end, watermark);
      fate.accept();
    },
    onTimer(ts, key, ns) {
      state.setCurrentKey(key);
      const end = ns as number;
      if (!trigger.onTimer(ts, end - 1).fire) return;
      const [leftStore, rightStore] = stores as [(typeof stores)[number], (typeof stores)[number]];
      const lefts = leftStore.get(end) ?? [];
      const rights = rightStore.get(end) ?? [];
      leftStore.delete(end);
      rightStore.delete(end);
      const rightJoined = new Array<boolean>(rights.length).fill(false);
      for (const [l, lNull] of lefts) {
        let joined = false;
        if (!lNull) {
          rights.forEach(([r, rNull], i) => {
            if (rNull) return;
            const row = [...l, ...r];
            if (!matches(row, end - 1)) return;
            joined = true;
            rightJoined[i] = true;
            output(row, end - 1);
          });
        }
        if (!joined && leftOuter) output([...l, ...new Array<SqlValue>(nr).fill(null)], end - 1);
      }
      if (rightOuter) rights.forEach(([r], i) => !rightJoined[i] && output([...new Array<SqlValue>(nl).fill(null), ...r], end - 1));
    },
  };
}

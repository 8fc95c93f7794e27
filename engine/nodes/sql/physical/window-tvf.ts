/**
 * A window table function on its own (not under an aggregation), Flink's
 * `AlignedWindowTableFunctionOperator`: each row is emitted once per TUMBLE/HOP/CUMULATE window
 * holding its time attribute, with `window_start`, `window_end` and `window_time` (= end - 1)
 * appended; nothing is kept and nothing is late here (a Top-N or join downstream drops late
 * windows). SESSION windows need state: `session-tvf.ts`.
 */
import type { SqlValue, WindowTableFunctionNode } from '../../../sql/index.ts';
import type { Emit, PhysicalOp } from './op.ts';
import { alignedAssigner } from './windows.ts';

export function alignedTvfOp(node: WindowTableFunctionNode, emit: Emit): PhysicalOp {
  const assign = alignedAssigner(node.window);
  const timeIndex = node.window.timeAttribute.index;
  const starts: number[] = [];
  const ends: number[] = [];
  return {
    process(row, timestamp) {
      const n = assign(row[timeIndex] as number, starts, ends);
      for (let i = 0; i < n; i++) {
        const end = ends[i] as number;
        const out: SqlValue[] = row.slice();
        out.push(starts[i] as number, end, end - 1);
        emit(out, timestamp);
      }
    },
  };
}

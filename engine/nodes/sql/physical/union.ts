/** UNION ALL (Flink's `StreamExecUnion`): rows of every input pass on; the watermark is the node's. */
import type { Emit, PhysicalOp } from './op.ts';

export function unionOp(emit: Emit): PhysicalOp {
  return { process: (row, timestamp) => emit(row, timestamp) };
}

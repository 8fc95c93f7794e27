/**
 * Marks when the engine is inside user code, for the watchdog (`engine/host/watchdog.ts`):
 * `cells[0]` is the running node's index + 1 (0 = not in user code) and `cells[1]` counts
 * finished calls. Two typed-array stores per call; the watchdog thread reads them from a
 * `SharedArrayBuffer` and stops the run when one call takes longer than the budget.
 */
export class UdfGuard {
  constructor(
    private readonly cells: Int32Array,
    private readonly nodeIndex: number,
  ) {}

  enter(): void {
    this.cells[0] = this.nodeIndex + 1;
  }

  exit(): void {
    this.cells[0] = 0;
    this.cells[1] = ((this.cells[1] as number) + 1) | 0;
  }
}

/** Cells for a run without a watchdog (in-process tests, the editor's host spawns one). */
export function localGuardCells(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

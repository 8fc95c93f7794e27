/**
 * The studio's pause of a run (Flink has none: its closest is stopping with a savepoint). While
 * the gate is closed, every loop that drives sources — a source running on its own, or the
 * merge of an aligned replay — waits at its next chunk boundary, so no record moves. The run is
 * parked once every such loop waits; only then may its live state be read consistently.
 */
export class PauseGate {
  private gate: { promise: Promise<void>; release: () => void } | undefined;
  /** Source loops waiting at the gate. */
  private parked = 0;
  /** Source loops still running. */
  private loops = 0;
  private waiters: (() => void)[] = [];

  /** Whether the gate is closed (the run paused). */
  get closed(): boolean {
    return this.gate !== undefined;
  }

  /** Settles at once while open, else when opened again (for waits that are not source loops). */
  whenOpen(): Promise<void> {
    return this.gate?.promise ?? Promise.resolve();
  }

  /** Closes the gate: source loops stop at their next boundary. No effect when closed. */
  close(): void {
    if (this.gate) return;
    let release = (): void => {};
    const promise = new Promise<void>((r) => (release = r));
    this.gate = { promise, release };
  }

  /** Opens the gate: waiting loops go on. */
  open(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.release();
  }

  /** A source loop's boundary: waits while the gate is closed, counted as parked meanwhile. */
  async park(): Promise<void> {
    if (!this.gate) return;
    this.parked++;
    this.notify();
    await this.gate.promise;
    this.parked--;
  }

  /** `count` source loops start (a run's sources, the merge counting as one). */
  loopsStarted(count: number): void {
    this.loops = count;
  }

  /** A source loop ended (its input is done, or it failed). */
  loopEnded(): void {
    this.loops--;
    this.notify();
  }

  /** Settles once every running source loop waits at the closed gate. */
  async whenAllParked(): Promise<void> {
    if (this.parked >= this.loops) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    if (this.parked < this.loops) return;
    for (const w of this.waiters.splice(0)) w();
  }
}

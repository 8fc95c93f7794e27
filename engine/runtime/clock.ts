/**
 * Processing time comes from an injected clock, never from ambient timers, so tests can drive
 * it (tldraw's rule for its core packages). `systemClock` is the wall clock; `VirtualClock`
 * jumps to the next sleeper's wake-up time when every sleeper is waiting, so paced replay and
 * periodic watermarks run instantly and reproducibly in tests.
 */

export interface Clock {
  /** Milliseconds, monotonic within a run. */
  now(): number;
  /** Wall-clock time as epoch milliseconds: processing-time timestamps (Flink's processing time). */
  epochMillis(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** Lets other work (I/O, messages) run; sources call it between chunks. */
  yield(): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  epochMillis: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  yield: () => new Promise((resolve) => setImmediate(resolve)),
};

/** A clock whose time only moves when a sleeper waits for it. */
export class VirtualClock implements Clock {
  private time: number;
  private readonly sleepers: { wake: number; resolve: () => void }[] = [];
  private scheduled = false;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** The virtual time, read as epoch milliseconds (0 = 1970-01-01). */
  epochMillis(): number {
    return this.time;
  }

  /** Moves time forward by hand (for tests of idleness and periodic emission). */
  advance(ms: number): void {
    this.time += ms;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ wake: this.time + Math.max(0, ms), resolve });
      this.schedule();
    });
  }

  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.sleepers.length === 0) return;
      this.sleepers.sort((a, b) => a.wake - b.wake);
      const next = this.sleepers.shift() as { wake: number; resolve: () => void };
      this.time = Math.max(this.time, next.wake);
      next.resolve();
      if (this.sleepers.length > 0) this.schedule();
    });
  }
}

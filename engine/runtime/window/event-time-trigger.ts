/**
 * Event-time firing and cleanup of a window, shared by every windowed operator (tumbling,
 * sliding and session windows, window joins), as Flink's `WindowOperator` does it with
 * `EventTimeTrigger`:
 * - a window is late when `maxTimestamp + allowedLateness <= watermark` (`isWindowLate`);
 *   a record for it goes to `late`;
 * - it fires when the watermark reaches `maxTimestamp` (= `end - 1`); a window created or
 *   updated when the watermark is already past that fires at once instead (`onElement`
 *   returns FIRE; no timer in the past, so it never fires twice);
 * - its state is purged when the watermark reaches `maxTimestamp + allowedLateness` (the
 *   cleanup timer; the same timer as firing when there is no allowed lateness).
 * Timers are per key and namespace (the window's start).
 */
import type { InternalTimerService } from '../state/event-timers.ts';

/** What a timer at `timestamp` means for the window whose max timestamp is `maxTimestamp`. */
export interface TimerAction {
  fire: boolean;
  purge: boolean;
}

export class EventTimeTrigger {
  /**
   * @param timers where its timers go (the registering half of a timer service is enough)
   * @param allowedLateness ms a window keeps its state after firing
   */
  constructor(
    private readonly timers: Pick<InternalTimerService, 'register' | 'delete'>,
    readonly allowedLateness: number,
  ) {}

  /** Whether the window ending at `maxTimestamp` no longer takes records. */
  isLate(maxTimestamp: number, watermark: number): boolean {
    return maxTimestamp + this.allowedLateness <= watermark;
  }

  /** Whether an element added now fires the window at once (the watermark is past its end). */
  firesOnElement(maxTimestamp: number, watermark: number): boolean {
    return maxTimestamp <= watermark;
  }

  /** Registers the window's firing timer (unless already due) and its cleanup timer. */
  register(maxTimestamp: number, key: string, namespace: string | number, watermark: number): void {
    if (maxTimestamp > watermark) this.timers.register(maxTimestamp, key, namespace);
    if (this.allowedLateness > 0) this.timers.register(maxTimestamp + this.allowedLateness, key, namespace);
  }

  /** Removes the window's timers (a session merged into another). */
  unregister(maxTimestamp: number, key: string, namespace: string | number): void {
    this.timers.delete(maxTimestamp, key, namespace);
    if (this.allowedLateness > 0) this.timers.delete(maxTimestamp + this.allowedLateness, key, namespace);
  }

  /** What the timer at `timestamp` does to the window ending at `maxTimestamp`. */
  onTimer(timestamp: number, maxTimestamp: number): TimerAction {
    return { fire: timestamp === maxTimestamp, purge: timestamp === maxTimestamp + this.allowedLateness };
  }
}

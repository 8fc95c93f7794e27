/**
 * Combines the watermarks of a node's input channels as Flink's `StatusWatermarkValve` does:
 * the combined watermark is the minimum over the channels that are not idle, never goes back,
 * and an idle channel that resumes does not pull it down. When every channel is idle the node
 * is idle too. An ended channel counts as +∞.
 */
import { MAX_WATERMARK, MIN_WATERMARK } from './record.ts';

export class StatusWatermarkValve {
  private readonly watermarks: number[];
  private readonly idle: boolean[];
  private combined = MIN_WATERMARK;

  constructor(channels: number) {
    this.watermarks = new Array<number>(channels).fill(MIN_WATERMARK);
    this.idle = new Array<boolean>(channels).fill(false);
  }

  get current(): number {
    return this.combined;
  }

  /** All channels idle. */
  get allIdle(): boolean {
    return this.idle.length > 0 && this.idle.every(Boolean);
  }

  /** @returns the new combined watermark if it advanced, else `undefined`. */
  updateWatermark(channel: number, watermark: number): number | undefined {
    if (watermark > (this.watermarks[channel] as number)) this.watermarks[channel] = watermark;
    this.idle[channel] = false;
    return this.recompute();
  }

  /** @returns the new combined watermark if marking the channel idle advanced it. */
  updateIdle(channel: number, idle: boolean): number | undefined {
    this.idle[channel] = idle;
    return this.recompute();
  }

  end(channel: number): number | undefined {
    this.watermarks[channel] = MAX_WATERMARK;
    this.idle[channel] = false;
    return this.recompute();
  }

  /** Per-channel watermarks, idleness and the combined watermark, for checkpoints. */
  snapshot(): { channels: number[]; idle: boolean[]; combined: number } {
    return { channels: [...this.watermarks], idle: [...this.idle], combined: this.combined };
  }

  restore(s: { channels: number[]; idle?: boolean[]; combined: number }): void {
    s.channels.forEach((w, i) => {
      if (i < this.watermarks.length) this.watermarks[i] = w;
    });
    s.idle?.forEach((v, i) => {
      if (i < this.idle.length) this.idle[i] = v;
    });
    this.combined = s.combined;
  }

  private recompute(): number | undefined {
    let min = MAX_WATERMARK;
    let active = 0;
    for (let i = 0; i < this.watermarks.length; i++) {
      if (this.idle[i]) continue;
      active++;
      const w = this.watermarks[i] as number;
      if (w < min) min = w;
    }
    if (active === 0 || min <= this.combined) return undefined;
    this.combined = min;
    return min;
  }
}

/**
 * A running node: its operator, its input channels (one per incoming edge), its outputs and
 * metrics. It counts records in, combines watermarks over the channels, lets the operator fire
 * timers, then forwards the watermark on every output.
 */
import type { NodeMetrics } from './metrics.ts';
import type { Operator } from './operator.ts';
import type { InputChannel, Output } from './output.ts';
import type { Row } from './row.ts';
import { WatermarkCombiner } from './watermark-combiner.ts';

export class Task implements InputChannel {
  private combiner: WatermarkCombiner;
  private openChannels: number;
  operator!: Operator;

  constructor(
    readonly nodeId: string,
    readonly metrics: NodeMetrics,
    readonly outputs: ReadonlyMap<string, Output>,
    /** Input port of each channel, by channel index. */
    private readonly channelPorts: readonly string[],
  ) {
    this.combiner = new WatermarkCombiner(channelPorts.length);
    this.openChannels = channelPorts.length;
  }

  get currentWatermark(): number {
    return this.combiner.current;
  }

  processElement(channel: number, row: Row, timestamp: number): void {
    const m = this.metrics;
    m.in++;
    if (timestamp > m.maxEventTime) m.maxEventTime = timestamp;
    this.operator.processElement(row, timestamp, this.channelPorts[channel] as string);
  }

  processWatermark(channel: number, watermark: number): void {
    this.advance(this.combiner.updateWatermark(channel, watermark));
  }

  processIdle(channel: number, idle: boolean): void {
    this.advance(this.combiner.updateIdle(channel, idle));
    const nowIdle = this.combiner.allIdle;
    if (nowIdle !== this.metrics.idle) {
      this.metrics.idle = nowIdle;
      for (const output of this.outputs.values()) output.emitIdle(nowIdle);
    }
  }

  endOfInput(channel: number): void {
    this.advance(this.combiner.end(channel));
    this.openChannels--;
    if (this.openChannels === 0) {
      this.operator.endInput?.();
      for (const output of this.outputs.values()) output.end();
    }
  }

  private advance(watermark: number | undefined): void {
    if (watermark === undefined) return;
    this.metrics.inputWatermark = watermark;
    this.operator.processWatermark?.(watermark);
    this.metrics.outputWatermark = watermark;
    for (const output of this.outputs.values()) output.emitWatermark(watermark);
  }
}

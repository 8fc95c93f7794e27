/**
 * A running node: its operator, its input channels (one per incoming edge), its outputs and
 * metrics. It counts records in, combines watermarks over the channels, lets the operator fire
 * timers, then forwards the watermark on every output.
 *
 * Checkpoint barriers are aligned as in Flink's aligned checkpoints (Chandy–Lamport): once a
 * channel has delivered barrier n, whatever else arrives on it is held back until every open
 * channel has delivered barrier n; then the node snapshots its state, forwards the barrier and
 * replays what it held back, in arrival order.
 */
import type { NodeMetrics } from './metrics.ts';
import type { Operator } from './operator.ts';
import type { StreamTaskInput, Output } from './output.ts';
import type { DataRecord } from './record.ts';
import { StatusWatermarkValve } from './status-watermark-valve.ts';

/** Called when barrier `checkpointId` has aligned; returns after the node's state is taken. */
export type BarrierHandler = (task: StreamTask, checkpointId: number, alignmentMs: number) => void;

type HeldEvent =
  | { kind: 'record'; channel: number; row: DataRecord; timestamp: number }
  | { kind: 'watermark'; channel: number; watermark: number }
  | { kind: 'idle'; channel: number; idle: boolean }
  | { kind: 'end'; channel: number };

export class StreamTask implements StreamTaskInput {
  readonly combiner: StatusWatermarkValve;
  private openChannels: number;
  private readonly ended: boolean[];
  operator!: Operator;
  /** Set by the job when checkpointing is on. */
  onBarrier: BarrierHandler | undefined;
  private aligning: { id: number; arrived: boolean[]; since: number } | undefined;
  private held: HeldEvent[] = [];

  constructor(
    readonly nodeId: string,
    readonly metrics: NodeMetrics,
    readonly outputs: ReadonlyMap<string, Output>,
    /** Input port of each channel, by channel index. */
    private readonly channelPorts: readonly string[],
  ) {
    this.combiner = new StatusWatermarkValve(channelPorts.length);
    this.openChannels = channelPorts.length;
    this.ended = new Array<boolean>(channelPorts.length).fill(false);
  }

  get currentWatermark(): number {
    return this.combiner.current;
  }

  /** Every input has ended. */
  get finished(): boolean {
    return this.openChannels === 0;
  }

  private blocked(channel: number): boolean {
    return this.aligning !== undefined && this.aligning.arrived[channel] === true;
  }

  processElement(channel: number, row: DataRecord, timestamp: number): void {
    if (this.aligning && this.blocked(channel)) {
      this.held.push({ kind: 'record', channel, row, timestamp });
      return;
    }
    const m = this.metrics;
    m.in++;
    if (timestamp > m.maxEventTime) m.maxEventTime = timestamp;
    this.operator.processElement(row, timestamp, this.channelPorts[channel] as string);
  }

  processWatermark(channel: number, watermark: number): void {
    if (this.aligning && this.blocked(channel)) this.held.push({ kind: 'watermark', channel, watermark });
    else this.advance(this.combiner.updateWatermark(channel, watermark));
  }

  processIdle(channel: number, idle: boolean): void {
    if (this.aligning && this.blocked(channel)) {
      this.held.push({ kind: 'idle', channel, idle });
      return;
    }
    this.advance(this.combiner.updateIdle(channel, idle));
    const nowIdle = this.combiner.allIdle;
    if (nowIdle !== this.metrics.idle) {
      this.metrics.idle = nowIdle;
      for (const output of this.outputs.values()) output.emitIdle(nowIdle);
    }
  }

  endOfInput(channel: number): void {
    if (this.aligning && this.blocked(channel)) {
      this.held.push({ kind: 'end', channel });
      return;
    }
    this.ended[channel] = true;
    this.advance(this.combiner.end(channel));
    this.openChannels--;
    if (this.aligning) this.checkAligned();
    if (this.openChannels === 0) {
      this.operator.endInput?.();
      for (const output of this.outputs.values()) output.end();
    }
  }

  processBarrier(channel: number, checkpointId: number): void {
    if (this.aligning && this.blocked(channel)) {
      throw new Error(`node ${this.nodeId}: barrier ${checkpointId} arrived while barrier ${this.aligning.id} is still aligning`);
    }
    if (!this.aligning) this.aligning = { id: checkpointId, arrived: new Array<boolean>(this.channelPorts.length).fill(false), since: performance.now() };
    this.aligning.arrived[channel] = true;
    this.checkAligned();
  }

  private checkAligned(): void {
    const a = this.aligning;
    if (!a) return;
    for (let i = 0; i < a.arrived.length; i++) if (!a.arrived[i] && !this.ended[i]) return;
    this.aligning = undefined;
    this.onBarrier?.(this, a.id, performance.now() - a.since);
    for (const output of this.outputs.values()) output.emitBarrier(a.id);
    const held = this.held;
    this.held = [];
    for (const e of held) {
      if (e.kind === 'record') this.processElement(e.channel, e.row, e.timestamp);
      else if (e.kind === 'watermark') this.processWatermark(e.channel, e.watermark);
      else if (e.kind === 'idle') this.processIdle(e.channel, e.idle);
      else this.endOfInput(e.channel);
    }
  }

  private advance(watermark: number | undefined): void {
    if (watermark === undefined) return;
    this.metrics.inputWatermark = watermark;
    const held = this.operator.processWatermark?.(watermark);
    const out = typeof held === 'number' ? held : watermark;
    if (out <= this.metrics.outputWatermark) return;
    this.metrics.outputWatermark = out;
    for (const output of this.outputs.values()) output.emitWatermark(out);
  }
}

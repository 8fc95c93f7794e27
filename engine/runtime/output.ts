/**
 * An output port of a node: fans records, watermarks, idleness and end-of-input out to the
 * input channels its edges lead to, as plain synchronous calls (record-at-a-time: no queue,
 * no batch between operators).
 */
import type { NodeMetrics } from './metrics.ts';
import type { DataRecord } from './record.ts';
import { SampleRing } from './sample-ring.ts';

/** The receiving end of an edge: a task and the channel index the edge has there. */
export interface StreamTaskInput {
  processElement(channel: number, row: DataRecord, timestamp: number): void;
  processWatermark(channel: number, watermark: number): void;
  processIdle(channel: number, idle: boolean): void;
  endOfInput(channel: number): void;
  /** A checkpoint barrier (Flink's `CheckpointBarrier`) on this channel. */
  processBarrier(channel: number, checkpointId: number): void;
}

export class Output {
  private tasks: StreamTaskInput[] = [];
  private channels: number[] = [];
  readonly sample = new SampleRing();
  /** Records emitted on this port. */
  count = 0;

  constructor(
    readonly port: string,
    metrics: NodeMetrics,
  ) {
    metrics.outputs.push(this);
  }

  connect(task: StreamTaskInput, channel: number): void {
    this.tasks.push(task);
    this.channels.push(channel);
  }

  get connected(): boolean {
    return this.tasks.length > 0;
  }

  /**
   * Sends one record (timestamp: epoch ms) to every connected input. `inputs`: the arrival
   * positions of the input records it was formed from, kept with its sample (provenance).
   */
  emit(row: DataRecord, timestamp: number, inputs?: readonly number[]): void {
    this.count++;
    this.sample.record(row, timestamp, inputs);
    const tasks = this.tasks;
    for (let i = 0; i < tasks.length; i++) (tasks[i] as StreamTaskInput).processElement(this.channels[i] as number, row, timestamp);
  }

  emitWatermark(watermark: number): void {
    for (let i = 0; i < this.tasks.length; i++) (this.tasks[i] as StreamTaskInput).processWatermark(this.channels[i] as number, watermark);
  }

  emitIdle(idle: boolean): void {
    for (let i = 0; i < this.tasks.length; i++) (this.tasks[i] as StreamTaskInput).processIdle(this.channels[i] as number, idle);
  }

  emitBarrier(checkpointId: number): void {
    for (let i = 0; i < this.tasks.length; i++) (this.tasks[i] as StreamTaskInput).processBarrier(this.channels[i] as number, checkpointId);
  }

  end(): void {
    for (let i = 0; i < this.tasks.length; i++) (this.tasks[i] as StreamTaskInput).endOfInput(this.channels[i] as number);
  }
}

/**
 * Progress of a running job on stderr: on a terminal a bar (cli-progress) with the share of the
 * input read, events per second, the slowest sink's input watermark and records per sink;
 * elsewhere a line every 10 s (`progressLine`).
 */
import { SingleBar } from 'cli-progress';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';

export class RunProgress {
  private readonly bar = new SingleBar(
    {
      format: '{bar} {percentage}% | {events} events | {rate} ev/s | watermark {watermark} | {sinks}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      fps: 10,
    },
    undefined,
  );
  private started = false;

  constructor(private readonly sinkIds: readonly string[]) {}

  update(elapsedMs: number, nodes: readonly NodeMetricsSnapshot[]): void {
    const sources = nodes.filter((n) => n.progress !== null);
    const read = sources.reduce((s, n) => s + n.in, 0);
    const fraction = sources.length === 0 ? 0 : Math.min(...sources.map((n) => n.progress ?? 0));
    const sinks = nodes.filter((n) => this.sinkIds.includes(n.nodeId));
    const slowest = sinks.reduce<number | null>((w, n) => (n.inputWatermark === null ? w : w === null ? n.inputWatermark : Math.min(w, n.inputWatermark)), null);
    const payload = {
      events: read.toLocaleString('en-US'),
      rate: elapsedMs > 0 ? Math.round((read / elapsedMs) * 1000).toLocaleString('en-US') : '0',
      watermark: slowest === null ? '-' : new Date(slowest).toISOString().replace('.000Z', 'Z'),
      sinks: sinks.map((n) => `${n.nodeId}=${n.in}`).join(' '),
    };
    if (!this.started) {
      this.bar.start(100, 0, payload);
      this.started = true;
    }
    this.bar.update(Math.round(fraction * 100), payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

/** `progress: 12,345 records read (40%), 123,456 ev/s; hourly=12` — for logs, not terminals. */
export function progressLine(elapsedMs: number, nodes: readonly NodeMetricsSnapshot[], sinkIds: readonly string[]): string {
  const sources = nodes.filter((n) => n.progress !== null);
  const read = sources.reduce((s, n) => s + n.in, 0);
  const fraction = sources.length === 0 ? undefined : Math.min(...sources.map((n) => n.progress ?? 0));
  const sinks = nodes.filter((n) => sinkIds.includes(n.nodeId));
  const rate = elapsedMs > 0 ? Math.round((read / elapsedMs) * 1000) : 0;
  return `progress: ${read.toLocaleString('en-US')} records read${fraction === undefined ? '' : ` (${Math.round(fraction * 100)}%)`}, ${rate.toLocaleString('en-US')} ev/s; ${sinks.map((n) => `${n.nodeId}=${n.in}`).join(' ')}`;
}

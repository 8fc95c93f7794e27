/**
 * Metrics of a running job in the Prometheus text exposition format (0.0.4), in the spirit of
 * Flink's Prometheus reporter: one time series per node and counter, labelled with the node id
 * and type, plus the job's checkpoint figures (Flink's `lastCheckpointDuration`,
 * `lastCheckpointSize`, `numberOfCompletedCheckpoints`). Watermarks are epoch milliseconds;
 * a node with no watermark yet has no watermark sample; the final watermark is `+Inf`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';

/** What one scrape reads. */
export interface MetricsView {
  nodes: readonly NodeMetricsSnapshot[];
  /** Completed checkpoints of this run, oldest first. */
  checkpoints: readonly CheckpointMetrics[];
  uptimeMs: number;
}

type Kind = 'counter' | 'gauge';

interface NodeSeries {
  name: string;
  kind: Kind;
  help: string;
  value: (n: NodeMetricsSnapshot) => number | null;
}

const NODE_SERIES: readonly NodeSeries[] = [
  { name: 'records_in_total', kind: 'counter', help: 'Records that entered the node (sources: records read).', value: (n) => n.in },
  { name: 'records_out_total', kind: 'counter', help: "Records the node emitted on its main output 'out'.", value: (n) => n.out },
  { name: 'records_filtered_total', kind: 'counter', help: 'Records the node filtered out.', value: (n) => n.filtered },
  { name: 'records_late_total', kind: 'counter', help: "Records later than the allowed lateness (sent to 'late').", value: (n) => n.late },
  { name: 'records_errors_total', kind: 'counter', help: "Records that failed (unparsable input, user code that threw); sent to 'errors'.", value: (n) => n.errors },
  { name: 'input_watermark_milliseconds', kind: 'gauge', help: "The node's current input watermark (epoch ms; +Inf at the end of input).", value: (n) => watermark(n.inputWatermark, n.finished) },
  { name: 'output_watermark_milliseconds', kind: 'gauge', help: "The node's current output watermark (epoch ms; +Inf at the end of input).", value: (n) => watermark(n.outputWatermark, n.finished) },
  { name: 'state_keys', kind: 'gauge', help: 'Keys in the node\'s keyed state.', value: (n) => n.stateKeys },
  { name: 'backpressured_milliseconds_total', kind: 'counter', help: 'Sources: time spent waiting for backpressured operators downstream.', value: (n) => n.backpressuredMs },
];

function watermark(ms: number | null, finished: boolean): number | null {
  if (finished) return Number.POSITIVE_INFINITY;
  return ms;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function family(lines: string[], name: string, kind: Kind, help: string, samples: readonly [string, number][]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`);
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${formatValue(value)}`);
}

/** Renders one scrape. */
export function renderPrometheus(view: MetricsView): string {
  const lines: string[] = [];
  for (const s of NODE_SERIES) {
    const samples: [string, number][] = [];
    for (const n of view.nodes) {
      const v = s.value(n);
      if (v !== null) samples.push([`{node="${escapeLabel(n.nodeId)}",type="${escapeLabel(n.type)}"}`, v]);
    }
    family(lines, `tributary_node_${s.name}`, s.kind, s.help, samples);
  }
  const emitted: [string, number][] = [];
  for (const n of view.nodes)
    for (const [port, count] of Object.entries(n.emitted)) emitted.push([`{node="${escapeLabel(n.nodeId)}",type="${escapeLabel(n.type)}",port="${escapeLabel(port)}"}`, count]);
  family(lines, 'tributary_node_records_emitted_total', 'counter', 'Records the node emitted, per output port.', emitted);
  // Kafka sources: per partition, as Flink's KafkaSourceReader reports records-lag and currentOffset.
  const offsets: [string, number][] = [];
  const lags: [string, number][] = [];
  for (const n of view.nodes)
    for (const p of n.partitions ?? []) {
      const labels = `{node="${escapeLabel(n.nodeId)}",topic="${escapeLabel(p.topic)}",partition="${p.partition}"}`;
      offsets.push([labels, p.offset]);
      if (p.lag !== null) lags.push([labels, p.lag]);
    }
  if (offsets.length > 0) {
    family(lines, 'tributary_kafka_partition_offset', 'gauge', 'Kafka sources: next offset to read, per partition.', offsets);
    family(lines, 'tributary_kafka_partition_lag', 'gauge', "Kafka sources: records between the source's offset and the partition's end.", lags);
  }
  const last = view.checkpoints[view.checkpoints.length - 1];
  family(lines, 'tributary_checkpoints_completed_total', 'counter', 'Checkpoints completed by this run.', [['', view.checkpoints.length]]);
  if (last) {
    family(lines, 'tributary_checkpoint_last_id', 'gauge', 'Id of the latest completed checkpoint.', [['', last.id]]);
    family(lines, 'tributary_checkpoint_last_duration_milliseconds', 'gauge', 'Duration of the latest completed checkpoint, from its start to its commit.', [['', last.durationMs]]);
    family(lines, 'tributary_checkpoint_last_alignment_milliseconds', 'gauge', 'Longest barrier alignment of the latest completed checkpoint.', [['', last.alignmentMs]]);
    family(lines, 'tributary_checkpoint_last_size_bytes', 'gauge', 'Bytes written by the latest completed checkpoint.', [['', last.bytes]]);
  }
  family(lines, 'tributary_job_uptime_seconds', 'gauge', 'Seconds since the job started.', [['', view.uptimeMs / 1000]]);
  return lines.join('\n') + '\n';
}

export interface MetricsServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on 127.0.0.1:`port` (0: any free port).
 * @throws Error when the port cannot be bound.
 */
export function startMetricsServer(port: number, view: () => MetricsView): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(renderPrometheus(view()));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

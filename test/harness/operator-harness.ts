/**
 * An operator test harness, as Flink's `KeyedOneInputStreamOperatorTestHarness` and
 * `TwoInputStreamOperatorTestHarness`: one node of any type, fed records and watermarks by
 * hand on its input ports, its outputs read back with their timestamps and the watermarks it
 * forwards, snapshotted at a barrier and restored into a fresh harness. It builds the node
 * through the real job (validation, user code compilation, keyed state, timers), so what it
 * tests is what runs.
 */
import { validatePipeline } from '../../engine/nodes/load.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import type { TestNodeAccess } from '../../engine/runtime/job.ts';
import type { NodeMetricsSnapshot } from '../../engine/runtime/metrics.ts';
import type { StreamTaskInput } from '../../engine/runtime/output.ts';
import type { DataRecord } from '../../engine/runtime/record.ts';
import type { NodeSnapshot } from '../../engine/runtime/checkpoint/snapshot.ts';
import { tempDir } from '../engine/harness.ts';

/** The node under test. */
export interface HarnessNode {
  type: string;
  config?: Record<string, unknown>;
  code?: string;
}

export interface HarnessOptions {
  /** Key of the stream (a keyBy before every input), as `{ fields }` or `{ expression }`. */
  keyBy?: Record<string, unknown>;
  /** Restores a snapshot taken by `snapshot()`. */
  restore?: NodeSnapshot;
  stateBackend?: 'heap' | 'leveldb';
  /**
   * For a node with named inputs (a sql node's tables): its inputs by name, each fed by a source
   * declaring `schema` (column → Flink SQL type).
   */
  tables?: Record<string, Record<string, string>>;
}

/** A record a port emitted, with its timestamp (epoch ms). */
export interface Emitted {
  record: DataRecord;
  timestamp: number;
}

const NODE = 'op';

export class OperatorTestHarness {
  private readonly emitted = new Map<string, Emitted[]>();
  private readonly forwarded: number[] = [];
  private constructor(
    private readonly access: TestNodeAccess,
    private readonly ports: readonly string[],
  ) {
    for (const [port, output] of access.outputs) {
      const list: Emitted[] = [];
      this.emitted.set(port, list);
      const capture: StreamTaskInput = {
        processElement: (_c, record, timestamp) => list.push({ record, timestamp }),
        processWatermark: (_c, w) => {
          if (port === 'out') this.forwarded.push(w);
        },
        processIdle: () => {},
        endOfInput: () => {},
        processBarrier: () => {},
      };
      output.connect(capture, 0);
    }
  }

  /** Builds and opens `node`. @throws Error listing the problems of an invalid node. */
  static async open(node: HarnessNode, options: HarnessOptions = {}): Promise<OperatorTestHarness> {
    const spec = nodeTypeSpec(node.type);
    if (!spec) throw new Error(`unknown node type ${node.type}`);
    const ports = spec.capabilities.namedInputs ? Object.keys(options.tables ?? {}) : spec.inputs.map((p) => p.id);
    const nodes: unknown[] = [];
    const edges: unknown[] = [];
    for (const port of ports) {
      const schema = options.tables?.[port];
      nodes.push({ id: `input_${port}`, type: 'values', config: { rows: [], time: { mode: 'event', field: 'ts' }, ...(schema ? { schema } : {}) } });
      if (options.keyBy) {
        nodes.push({ id: `key_${port}`, type: 'keyBy', config: { key: options.keyBy } });
        edges.push({ id: `in_${port}`, source: `input_${port}`, target: `key_${port}` });
        edges.push({ id: `key_${port}_op`, source: `key_${port}`, target: NODE, targetPort: port });
      } else edges.push({ id: `in_${port}`, source: `input_${port}`, target: NODE, targetPort: port });
    }
    nodes.push({ id: NODE, ...node });
    const valid = validatePipeline({ version: 1, name: 'harness', stateBackend: options.stateBackend ?? 'heap', nodes, edges });
    if (!valid.ok) throw new Error(`invalid node: ${valid.problems.map((p) => `${p.code} ${p.field ?? ''} ${p.message}`).join('; ')}`);
    const dir = tempDir();
    const restore = options.restore ? { checkpointId: 1, label: 'harness snapshot', parts: new Map([[NODE, options.restore]]) } : undefined;
    const job = createJob(valid.pipeline, { baseDir: dir, outDir: dir, restore });
    const access = job.testNode(NODE);
    const harness = new OperatorTestHarness(access, ports);
    await access.open();
    return harness;
  }

  private channel(port: string): number {
    const i = this.ports.indexOf(port);
    if (i < 0) throw new Error(`the node has no input "${port}" (it has ${this.ports.join(', ')})`);
    return i;
  }

  /** One record on input `port` with timestamp `timestamp` (epoch ms). */
  processElement(record: DataRecord, timestamp: number, port = 'in'): void {
    this.access.task.processElement(this.channel(port), record, timestamp);
  }

  /** A watermark on input `port`, or on every input when none is named. */
  processWatermark(watermark: number, port?: string): void {
    for (const p of port === undefined ? this.ports : [port]) this.access.task.processWatermark(this.channel(p), watermark);
  }

  /** Every input ends (the final watermark first, as bounded inputs do). */
  endInput(): void {
    this.processWatermark(Number.POSITIVE_INFINITY);
    for (const p of this.ports) this.access.task.endOfInput(this.channel(p));
  }

  /** What output `port` emitted so far. */
  output(port = 'out'): Emitted[] {
    return [...(this.emitted.get(port) ?? [])];
  }

  /** Records of `port` only. */
  records(port = 'out'): DataRecord[] {
    return this.output(port).map((e) => e.record);
  }

  /** Watermarks the node forwarded on `out`. */
  watermarks(): number[] {
    return [...this.forwarded];
  }

  metrics(): NodeMetricsSnapshot {
    return this.access.metrics();
  }

  /** The node's state at a checkpoint barrier (keyed state and timers included). */
  snapshot(checkpointId = 1): Promise<NodeSnapshot> {
    return this.access.snapshot(checkpointId);
  }

  close(): Promise<void> {
    return this.access.close();
  }
}

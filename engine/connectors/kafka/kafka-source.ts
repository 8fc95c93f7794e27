/**
 * The `kafkaSource` node, after Flink's `KafkaSource`: every partition of the configured
 * topics is assigned to this source and read by offset (no consumer group). Its checkpointed
 * state is the next offset of every partition (plus, in bounded mode, the end offsets fixed at
 * the first start, and the per-partition watermark state); a restore seeks there, so records
 * after the checkpoint are read again and the sinks' two-phase commit makes that exactly-once.
 * Partitions absent from a restored checkpoint start at their earliest offset, as Flink does
 * for newly discovered partitions. Barriers enter between fetched partition batches
 * (`ctx.boundary()`), so a checkpoint's offsets always match what has been emitted.
 */
import type { KafkaSourceConfig } from '../../nodes/kafkaSource/spec.ts';
import { expressionTimestampAssigner, fieldTimestampAssigner, type TimestampAssigner } from '../../runtime/event-time.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { SourceOperator } from '../../runtime/operator.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { createKafkaClient, type KafkaMessage, type KafkaReader, type OffsetQuery } from './client.ts';
import { connectionOf, partitionKey, splitPartitionKey } from './connection.ts';
import { PartitionWatermarks, type PartitionWatermarksSnapshot } from './partition-watermarks.ts';
import { valueDecoder } from './value-format.ts';

/**
 * Per-partition fetch size when paced, so partitions interleave finely in event time. (A record
 * batch larger than this still comes whole, but then only for one partition per fetch.)
 */
const PACED_FETCH_BYTES = 32 * 1024;

export interface KafkaSourceSnapshot {
  /** Next offset to read, by `topic/partition`. */
  positions: Record<string, number>;
  /** Bounded mode: where each partition ends, fixed when the run first started. */
  ends?: Record<string, number>;
  watermarks: PartitionWatermarksSnapshot;
}

/** What code and event-time expressions see on each record (field `metadataField`). */
export interface KafkaRecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  /** Kafka timestamp, epoch ms. */
  timestamp: number;
  headers: Record<string, string>;
}

function startQuery(config: KafkaSourceConfig): OffsetQuery {
  const s = config.startFrom;
  if (s === 'earliest' || s === 'latest') return s;
  if ('timestamp' in s) {
    const ms = typeof s.timestamp === 'number' ? s.timestamp : Date.parse(s.timestamp);
    if (Number.isNaN(ms)) throw new Error(`startFrom.timestamp "${String(s.timestamp)}" is not a time`);
    return { timestamp: ms };
  }
  return 'earliest';
}

function timestampAssigner(ctx: OperatorContext<KafkaSourceConfig>): TimestampAssigner | 'kafka' | 'processing' {
  const time = ctx.config.time;
  if (time.mode === 'kafka' || time.mode === 'processing') return time.mode;
  if (time.mode === 'event') return fieldTimestampAssigner(time.field, time.format);
  return expressionTimestampAssigner(ctx.userCode<(e: DataRecord) => unknown>('time'));
}

export function kafkaSource(ctx: OperatorContext<KafkaSourceConfig>): SourceOperator {
  const config = ctx.config;
  const decode = valueDecoder(config);
  const assign = timestampAssigner(ctx);
  const watermarks = new PartitionWatermarks(ctx, config.watermarks);
  const meta = config.metadataField;
  let reader: KafkaReader | undefined;
  let restored: KafkaSourceSnapshot | undefined;
  const positions = new Map<string, number>();
  const starts = new Map<string, number>();
  let ends: Map<string, number> | undefined;

  function error(m: KafkaMessage, reason: string): undefined {
    ctx.metrics.in++;
    const raw = m.value === null ? null : m.value.toString('utf8');
    ctx.error(reason, { topic: m.topic, partition: m.partition, offset: m.offset, raw }, m.timestamp);
    return undefined;
  }

  /** @returns the record's timestamp, or `undefined` when it went to `errors`. */
  function handle(m: KafkaMessage, key: string, now: number): number | undefined {
    const decoded = decode(m.value);
    if ('reason' in decoded) return error(m, decoded.reason);
    const row = decoded.row;
    if (meta !== '') {
      const md: KafkaRecordMetadata = { topic: m.topic, partition: m.partition, offset: m.offset, key: m.key === null ? null : m.key.toString('utf8'), timestamp: m.timestamp, headers: m.headers };
      row[meta] = md;
    }
    let ts: number;
    if (assign === 'kafka') ts = m.timestamp;
    else if (assign === 'processing') ts = now;
    else {
      try {
        ctx.guard.enter();
        ts = assign(row);
        ctx.guard.exit();
      } catch (e) {
        ctx.guard.exit();
        return error(m, (e as Error).message);
      }
    }
    ctx.metrics.in++;
    ctx.metrics.accepted++;
    watermarks.emit(key, row, ts, now);
    return ts;
  }

  // `--speed N` replays at N × event time (from the first record), as the file source does;
  // for demos and crash tests. The default reads as fast as the broker delivers.
  const speed = ctx.speed;
  let paceStart: { wall: number; event: number } | undefined;
  /** Waits, checkpointing meanwhile, until replay reaches `ts`. @returns false when stopped. */
  async function pace(ts: number): Promise<boolean> {
    if (speed === undefined || speed === 'max') return true;
    const clock = ctx.clock;
    paceStart ??= { wall: clock.now(), event: ts };
    const due = paceStart.wall + (ts - paceStart.event) / speed;
    for (let wait = due - clock.now(); wait > 0; wait = due - clock.now()) {
      await clock.sleep(Math.min(wait, config.watermarks.interval));
      if (!(await between())) return false;
    }
    return true;
  }

  function progress(): void {
    if (!ends) return;
    let done = 0;
    let total = 0;
    for (const [k, end] of ends) {
      const start = starts.get(k) ?? 0;
      total += Math.max(0, end - start);
      done += Math.max(0, Math.min(end, positions.get(k) ?? 0) - start);
    }
    ctx.metrics.progress = total === 0 ? 1 : done / total;
  }

  async function between(): Promise<boolean> {
    watermarks.tick();
    progress();
    return ctx.boundary();
  }

  return {
    restoreState(state) {
      restored = state as KafkaSourceSnapshot;
      watermarks.restore(restored.watermarks);
    },
    async open() {
      const client = await createKafkaClient(connectionOf(config));
      reader = await client.reader(config.isolation);
      const query = startQuery(config);
      const explicit = typeof config.startFrom === 'object' && 'offsets' in config.startFrom ? config.startFrom.offsets : undefined;
      for (const topic of config.topics) {
        const partitions = await reader.partitions(topic);
        const missing = partitions.filter((p) => restored?.positions[partitionKey(topic, p)] === undefined);
        const initial = missing.length === 0 ? new Map<number, number>() : await reader.offsets(topic, restored ? 'earliest' : query);
        for (const p of partitions) {
          const k = partitionKey(topic, p);
          const at = restored?.positions[k] ?? explicit?.[topic]?.[String(p)] ?? initial.get(p) ?? 0;
          positions.set(k, at);
          starts.set(k, at);
          watermarks.add(k);
        }
        if (config.stopAtEnd) {
          ends ??= new Map();
          const latest = restored?.ends ? undefined : await reader.offsets(topic, 'latest');
          for (const p of partitions) {
            const k = partitionKey(topic, p);
            ends.set(k, restored?.ends?.[k] ?? latest?.get(p) ?? 0);
          }
        }
      }
    },
    async run() {
      const r = reader as KafkaReader;
      ctx.metrics.progress = ends ? 0 : undefined;
      for (;;) {
        const active = [...positions].filter(([k, at]) => {
          const end = ends?.get(k);
          if (end !== undefined && at >= end) {
            watermarks.finish(k);
            return false;
          }
          return true;
        });
        if (ends && active.length === 0) break;
        const fetched = await r.fetch(
          active.map(([k, offset]) => ({ ...splitPartitionKey(k), offset })),
          config.pollTimeout,
          speed === undefined || speed === 'max' ? undefined : PACED_FETCH_BYTES,
        );
        let any = false;
        for (const f of fetched) {
          const k = partitionKey(f.topic, f.partition);
          const end = ends?.get(k);
          const now = ctx.clock.now();
          for (const m of f.messages) {
            if (end !== undefined && m.offset >= end) break;
            const ts = handle(m, k, now);
            positions.set(k, m.offset + 1);
            if (ts !== undefined && !(await pace(ts))) return;
          }
          const at = positions.get(k) ?? 0;
          const next = end === undefined ? f.nextOffset : Math.min(end, f.nextOffset);
          if (next > at) positions.set(k, next);
          if (f.messages.length > 0) {
            any = true;
            if (!(await between())) return;
          }
        }
        if (!any && !(await between())) return;
      }
      if (!(await ctx.boundary({ ending: true }))) return;
      ctx.metrics.progress = 1;
      watermarks.end();
    },
    snapshotState(): KafkaSourceSnapshot {
      return {
        positions: Object.fromEntries(positions),
        ends: ends ? Object.fromEntries(ends) : undefined,
        watermarks: watermarks.snapshot(),
      };
    },
    async close() {
      await reader?.close().catch(() => undefined);
    },
  };
}

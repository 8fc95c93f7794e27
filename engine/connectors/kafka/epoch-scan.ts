/**
 * Recovery read of the exactly-once Kafka sink: which of its epochs are already committed in
 * the sink topics. Reads every partition of `topics` with isolation `read_committed` from a
 * lower bound (`scanFrom`, or the earliest offset) up to the last stable offset, and collects
 * the `tributary-epoch` header of records whose `tributary-sink` header is this sink's id and
 * whose run id matches. Call it after fencing the transactional id, so the previous producer's
 * open transaction is aborted and the last stable offset is not held back by it.
 */
import type { KafkaReader } from './client.ts';
import { partitionKey } from './connection.ts';

export const SINK_HEADER = 'tributary-sink';
export const EPOCH_HEADER = 'tributary-epoch';

/** The `tributary-epoch` header value: `<run id>:<checkpoint id>`. */
export function epochTag(runId: string, epoch: number): string {
  return `${runId}:${epoch}`;
}

export async function committedEpochs(
  reader: KafkaReader,
  topics: readonly string[],
  scanFrom: Readonly<Record<string, number>>,
  sinkId: string,
  runId: string,
): Promise<Set<number>> {
  const found = new Set<number>();
  const prefix = `${runId}:`;
  for (const topic of topics) {
    const [earliest, latest] = await Promise.all([reader.offsets(topic, 'earliest'), reader.offsets(topic, 'latest')]);
    const positions = new Map<number, number>();
    for (const [p, end] of latest) {
      const from = Math.max(scanFrom[partitionKey(topic, p)] ?? 0, earliest.get(p) ?? 0);
      if (from < end) positions.set(p, from);
    }
    let stalled = 0;
    while (positions.size > 0) {
      if (stalled++ > 100) throw new Error(`reading back ${topic} made no progress below its last stable offset`);
      const fetched = await reader.fetch([...positions].map(([partition, offset]) => ({ topic, partition, offset })), 200);
      for (const f of fetched) {
        for (const m of f.messages) {
          const tag = m.headers[EPOCH_HEADER];
          if (m.headers[SINK_HEADER] === sinkId && tag?.startsWith(prefix)) found.add(Number(tag.slice(prefix.length)));
        }
        const end = latest.get(f.partition) ?? 0;
        const next = Math.max(f.nextOffset, positions.get(f.partition) ?? 0);
        if (next > (positions.get(f.partition) ?? 0)) stalled = 0;
        if (next >= end) positions.delete(f.partition);
        else positions.set(f.partition, next);
      }
    }
  }
  return found;
}

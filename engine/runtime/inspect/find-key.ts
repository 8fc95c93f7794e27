/**
 * One key's state and timers, found in a single streaming pass over a node's chunks (no
 * index): what `tributary state --key` prints. Memory holds one chunk and the key's entries.
 */
import { chunkEntries, chunkTimers, decodeChunk } from '../state/chunk-codec.ts';
import { parseTimerId, TIMER_STATE } from '../state/event-timers.ts';
import { toJsonTree } from './json-tree.ts';
import type { PointChunk } from './point-source.ts';
import { entryOrder, timerOrder, type KeyView } from './state-index.ts';

/** @returns the key's view (entries by state name, timers by time), or `undefined` when it holds nothing. */
export async function findKey(chunks: AsyncIterable<PointChunk>, key: string): Promise<KeyView | undefined> {
  const view: KeyView = { key, bytes: 0, entries: [], timers: [] };
  for await (const { partId, bytes } of chunks) {
    let chunk;
    try {
      chunk = decodeChunk(bytes);
    } catch (error) {
      throw new Error(`state chunk ${partId} cannot be read (${(error as Error).message})`);
    }
    for (const [ts, k, ns] of chunkTimers(chunk)) if (k === key) view.timers.push({ timestamp: ts, namespace: ns });
    // Raw chunks decode every value to find one key: acceptable for a single lookup.
    for (const [name, kind, k, value] of chunkEntries(chunk)) {
      if (k !== key) continue;
      if (name === TIMER_STATE) {
        for (const id of (value as Map<string | number, unknown>).keys()) {
          const { timestamp, namespace } = parseTimerId(String(id));
          view.timers.push({ timestamp, namespace });
        }
        continue;
      }
      const tree = toJsonTree(value);
      const size = Buffer.byteLength(JSON.stringify(tree));
      view.entries.push({ name, kind, bytes: size, value: tree });
      view.bytes += size;
    }
  }
  if (view.entries.length === 0 && view.timers.length === 0) return undefined;
  view.entries.sort(entryOrder);
  view.timers.sort(timerOrder);
  return view;
}

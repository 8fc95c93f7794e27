/**
 * A paused node's open windows and pending timers, read from its live keyed state and timers as
 * the state browser reads them (checkpoint chunks, `chunk-codec.ts`; windows by the node's state
 * shape, `inspect/window-view.ts`). A window is open from its first record until its state is
 * purged; it has fired once the watermark reached `end - 1` (its firing timer is gone) and stays
 * for allowed lateness until its cleanup timer. Nodes whose timers are not windows' (process
 * functions, joins) list their timers by key and fire time.
 */
import { chunkEntries, decodeChunk, type StateChunk } from '../state/chunk-codec.ts';
import { timerEntriesOf } from '../state/event-timers.ts';
import { toJsonTree } from '../inspect/json-tree.ts';
import { windowsOf } from '../inspect/window-view.ts';
import type { StateEntryView } from '../inspect/state-index.ts';
import type { OpenWindow } from './debug-types.ts';

/** Whether a state shape is a window's (tumbling, sliding, session). */
export function isWindowShape(shape: string): boolean {
  return /^(?:tumbling|sliding|session)\(/.test(shape);
}

/** The name of the shape's `count` aggregate (`aggregates=count():n,…`), if it has one. */
function countName(shape: string): string | undefined {
  const list = /(?:^|;)aggregates=(.*)$/.exec(shape)?.[1];
  const count = list?.split(',').find((a) => a.startsWith('count():'));
  return count?.slice('count():'.length);
}

/**
 * Open windows (window shapes) or pending timers (other nodes) in `chunks`, ordered by fire time
 * then key. @param shape the node's state shape (`Operator.stateShape`).
 */
export function openWindowsOf(shape: string, buffers: readonly Buffer[]): OpenWindow[] {
  const chunks: StateChunk[] = buffers.map((b) => decodeChunk(b));
  const { fromTimerChunks, fromState } = timerEntriesOf(chunks);
  const timers = [...fromTimerChunks, ...fromState];
  const out: OpenWindow[] = [];
  if (isWindowShape(shape)) {
    const byKey = new Map<string, StateEntryView[]>();
    for (const chunk of chunks)
      for (const [name, kind, key, value] of chunkEntries(chunk)) {
        const list = byKey.get(key) ?? [];
        list.push({ name, kind, bytes: 0, value: toJsonTree(value) });
        byKey.set(key, list);
      }
    const pending = new Set(timers.map(([ts, key]) => `${key}\u0000${ts}`));
    const cleanup = new Map<string, number>();
    for (const [ts, key, ns] of timers) {
      const id = `${key}\u0000${String(ns)}`;
      cleanup.set(id, Math.max(cleanup.get(id) ?? ts, ts));
    }
    const counted = countName(shape);
    for (const [key, entries] of byKey)
      for (const w of windowsOf(shape, entries)) {
        const fireTime = w.end - 1;
        const fired = !pending.has(`${key}\u0000${fireTime}`);
        const last = cleanup.get(`${key}\u0000${String(w.start)}`);
        const count = counted !== undefined ? w.aggregates[counted] : undefined;
        out.push({
          key,
          start: w.start,
          end: w.end,
          fireTime,
          fired,
          ...(last !== undefined && last > fireTime ? { cleanupTime: last } : {}),
          ...(typeof count === 'number' ? { count } : {}),
          aggregates: w.aggregates,
        });
      }
  } else for (const [ts, key] of timers) out.push({ key, fireTime: ts, fired: false });
  return out.sort((a, b) => a.fireTime - b.fireTime || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

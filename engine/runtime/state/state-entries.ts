/**
 * A backend-neutral form of keyed state for checkpoints: `[stateName, kind, key, value]`
 * tuples, where map state's value is a `Map`. Both backends read and write it, so a pipeline
 * can switch between `heap` and `leveldb` across a restore.
 */
import type { KeyedStateSnapshot } from './keyed-state.ts';

export type StateKind = 'value' | 'map' | 'list';
export type StateEntry = [name: string, kind: StateKind, key: string, value: unknown];

export function entriesFromSnapshot(s: KeyedStateSnapshot): StateEntry[] {
  const out: StateEntry[] = [];
  for (const [name, { kind, entries }] of Object.entries(s.states))
    for (const [key, value] of entries) out.push([name, kind, key, kind === 'map' ? new Map(value as [string | number, unknown][]) : value]);
  return out;
}

export function snapshotFromEntries(entries: Iterable<StateEntry>): KeyedStateSnapshot {
  const states: KeyedStateSnapshot['states'] = {};
  for (const [name, kind, key, value] of entries) {
    const s = (states[name] ??= { kind, entries: [] });
    s.entries.push([key, kind === 'map' ? [...(value as Map<string | number, unknown>)] : value]);
  }
  return { states };
}

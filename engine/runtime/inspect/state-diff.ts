/**
 * The checkpoint diff: two indexes of the same node's keyed state (`state-index.ts`, at two
 * checkpoints, or a checkpoint and the paused live state) merged in key order, one key at a
 * time: keys added, removed, and changed — an entry's value differs, an entry is new or gone,
 * or the key's timers differ (by timestamp and namespace; a timer's registration number is not
 * compared). Memory holds one key per side; the first `limit` changes are listed, all counted.
 */
import { escapeKey, type RawGroup, type StateIndex } from './state-index.ts';

export interface KeyChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** State names whose entry differs (added, removed or another value). */
  names: string[];
  /** Whether its timers differ. */
  timers: boolean;
}

export interface NodeDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** The first `limit` changes, in key order. */
  changes: KeyChange[];
  /** More changes than listed. */
  truncated: boolean;
}

function entries(group: RawGroup): { state: Map<string, string>; timers: Set<string> } {
  const state = new Map<string, string>();
  const timers = new Set<string>();
  for (const [sub, value] of group.rows) {
    if (sub[0] === 't') timers.add(sub);
    else state.set(sub.slice(1), value);
  }
  return { state, timers };
}

/** How key `a` (side A) and key `b` (side B) differ; `undefined` when they are equal. */
function compare(a: RawGroup, b: RawGroup): KeyChange | undefined {
  const x = entries(a);
  const y = entries(b);
  const names = new Set<string>();
  for (const [name, value] of x.state) if (y.state.get(name) !== value) names.add(name);
  for (const name of y.state.keys()) if (!x.state.has(name)) names.add(name);
  const timers = x.timers.size !== y.timers.size || [...x.timers].some((t) => !y.timers.has(t));
  if (names.size === 0 && !timers) return undefined;
  return { key: a.key, change: 'changed', names: [...names].sort(), timers };
}

/** A key on one side only. */
function alone(group: RawGroup, change: 'added' | 'removed'): KeyChange {
  const { state, timers } = entries(group);
  return { key: group.key, change, names: [...state.keys()].sort(), timers: timers.size > 0 };
}

const order = (a: string, b: string): number => Buffer.compare(Buffer.from(escapeKey(a)), Buffer.from(escapeKey(b)));

/** What changed from `a` to `b` (see the file's header). */
export async function diffIndexes(a: StateIndex, b: StateIndex, limit: number): Promise<NodeDiff> {
  const diff: NodeDiff = { added: 0, removed: 0, changed: 0, unchanged: 0, changes: [], truncated: false };
  const note = (change: KeyChange): void => {
    diff[change.change]++;
    if (diff.changes.length < limit) diff.changes.push(change);
    else diff.truncated = true;
  };
  const left = a.groups();
  const right = b.groups();
  let x = await left.next();
  let y = await right.next();
  try {
    while (!x.done || !y.done) {
      const c = x.done ? 1 : y.done ? -1 : order(x.value.key, y.value.key);
      if (c < 0 && !x.done) {
        note(alone(x.value, 'removed'));
        x = await left.next();
      } else if (c > 0 && !y.done) {
        note(alone(y.value, 'added'));
        y = await right.next();
      } else if (!x.done && !y.done) {
        const change = compare(x.value, y.value);
        if (change) note(change);
        else diff.unchanged++;
        x = await left.next();
        y = await right.next();
      }
    }
  } finally {
    await left.return(undefined);
    await right.return(undefined);
  }
  return diff;
}

/**
 * Flink CEP's shared buffer (`SharedBuffer` + `SharedBufferAccessor`) over a key's `KeyNfa`:
 * every event of any partial match is stored once; each stage that took it has an entry whose
 * versioned edges point to the previous entry of each run (entries are kept with their event); reference counts on events, entries
 * and edges free what no run needs any more. Matches are read back by walking the edges whose
 * versions are compatible with a run's version (`extractPatterns`). Same algorithms as Flink's,
 * including the order entries and edges are visited in.
 */
import type { DataRecord } from '../../runtime/record.ts';
import { isCompatibleWith, type DeweyNumber } from './dewey-number.ts';
import { nodeHandle, nodeKey, nodeStage, type BufferedEvent, type BufferEdge, type BufferNode, type KeyNfa } from './nfa-state.ts';

/** One path through the buffer: event handles per stage index, stages in order of first event. */
export type MatchPath = Map<number, number[]>;

/** `Lockable.release`: @returns true when nothing holds it any more. */
function release(l: { rc: number }): boolean {
  if (l.rc <= 0) return true;
  l.rc -= 1;
  return l.rc === 0;
}

/** The event of `handle`, or `undefined` once released. */
export function eventAt(nfa: KeyNfa, handle: number): BufferedEvent | undefined {
  return nfa.events[handle - nfa.base] ?? undefined;
}

function liveEvent(nfa: KeyNfa, handle: number): BufferedEvent {
  const e = eventAt(nfa, handle);
  if (!e) throw new Error(`CEP shared buffer: no event ${handle}`);
  return e;
}

/** The entry of node key `key` (`SharedBuffer.getEntry`). */
function entry(nfa: KeyNfa, key: number): BufferNode | undefined {
  return eventAt(nfa, nodeHandle(key))?.n[nodeStage(key)] ?? undefined;
}

/**
 * `registerEvent`: stores `record` with the next id for `timestamp`, locked once (for the
 * duration of its processing). @returns its handle.
 */
export function registerEvent(nfa: KeyNfa, record: DataRecord, timestamp: number, pos: number): number {
  if (timestamp !== nfa.countTs) {
    if (timestamp < nfa.countTs) throw new Error(`CEP: event at ${timestamp} after one at ${nfa.countTs} for the same key`);
    nfa.countTs = timestamp;
    nfa.countNext = 0;
  }
  const handle = nfa.next++;
  const events = nfa.events;
  if (events.length === 0) nfa.base = handle;
  while (events.length < handle - nfa.base) events.push(null);
  events.push({ r: record, ts: timestamp, id: nfa.countNext++, pos, rc: 1, n: [] });
  return handle;
}

/** `releaseEvent`; released events at the window's front leave it. */
export function releaseEvent(nfa: KeyNfa, handle: number): void {
  const e = eventAt(nfa, handle);
  if (!e || !release(e)) return;
  const events = nfa.events;
  events[handle - nfa.base] = null;
  let drop = 0;
  while (drop < events.length && events[drop] === null) drop++;
  if (drop === events.length) {
    events.length = 0;
    nfa.base = nfa.next;
  } else if (drop > 0) {
    events.splice(0, drop);
    nfa.base += drop;
  }
}

/**
 * `put`: the entry of event `handle` taken by `stage`, with a new edge (version `version`) to
 * `previous` (-1: none), which is locked. A new entry locks its event. @returns the entry's key.
 */
export function put(nfa: KeyNfa, stage: number, handle: number, previous: number, version: DeweyNumber): number {
  if (previous >= 0) lockNode(nfa, previous, version);
  const event = liveEvent(nfa, handle);
  let node = event.n[stage] ?? undefined;
  if (!node) {
    node = { e: [], rc: 0 };
    while (event.n.length < stage) event.n.push(null);
    event.n[stage] = node;
    event.rc++;
  }
  node.e.push({ t: previous, v: version, rc: 0 });
  return nodeKey(handle, stage);
}

/** `lockNode`: locks the entry and its edges compatible with `version`. */
export function lockNode(nfa: KeyNfa, key: number, version: DeweyNumber): void {
  const node = entry(nfa, key);
  if (!node) return;
  node.rc++;
  for (const edge of node.e) if (isCompatibleWith(version, edge.v)) edge.rc++;
}

const releaseKeys: number[] = [];
const releaseVersions: DeweyNumber[] = [];

/**
 * `releaseNode`: releases the entry and, through edges compatible with `version` that nothing
 * else holds, its predecessors; entries nothing holds are removed with their event's lock.
 * (Like Flink's, the walk stops at the first entry that no longer exists.)
 */
export function releaseNode(nfa: KeyNfa, key: number, version: DeweyNumber): void {
  if (key < 0) return;
  // Scratch stacks (this function is not re-entered): the walk is on the per-event path.
  const keys = releaseKeys;
  const versions = releaseVersions;
  let top = 0;
  keys[top] = key;
  versions[top++] = version;
  while (top > 0) {
    const current = keys[--top] as number;
    const event = eventAt(nfa, nodeHandle(current));
    const node = event?.n[nodeStage(current)] ?? undefined;
    if (!event || !node) break;
    const v = versions[top] as DeweyNumber;
    const edges = node.e;
    let w = 0;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as BufferNode['e'][number];
      if (isCompatibleWith(v, edge.v) && release(edge)) {
        if (edge.t >= 0) {
          keys[top] = edge.t;
          versions[top++] = edge.v;
        }
        continue; // removed
      }
      edges[w++] = edge;
    }
    edges.length = w;
    if (release(node)) {
      event.n[nodeStage(current)] = null;
      releaseEvent(nfa, nodeHandle(current));
    }
  }
}

/** `extractPatterns`: every path from entry `key` back to a match's first event under `version`. */
export function extractPatterns(nfa: KeyNfa, key: number, version: DeweyNumber): MatchPath[] {
  const result: MatchPath[] = [];
  const first = entry(nfa, key);
  if (!first) return result;
  const linear = linearPath(nfa, key, first, version);
  if (linear) {
    result.push(linear);
    return result;
  }
  interface Walk {
    entry: { key: number; node: BufferNode } | undefined;
    version: DeweyNumber;
    path: number[];
  }
  const stack: Walk[] = [{ entry: { key, node: first }, version, path: [] }];
  while (stack.length > 0) {
    const walk = stack.pop() as Walk;
    const path = walk.path;
    if (!walk.entry) {
      const complete: MatchPath = new Map();
      while (path.length > 0) {
        const k = path.pop() as number;
        const stage = nodeStage(k);
        const list = complete.get(stage);
        if (list) list.push(nodeHandle(k));
        else complete.set(stage, [nodeHandle(k)]);
      }
      result.push(complete);
      continue;
    }
    path.push(walk.entry.key);
    let firstMatch = true;
    for (const edge of walk.entry.node.e) {
      if (!isCompatibleWith(walk.version, edge.v)) continue;
      const newPath = firstMatch ? path : path.slice();
      firstMatch = false;
      let target: Walk['entry'];
      if (edge.t >= 0) {
        const node = entry(nfa, edge.t);
        if (!node) throw new Error(`CEP shared buffer: no entry ${edge.t}`);
        target = { key: edge.t, node };
      }
      stack.push({ entry: target, version: edge.v, path: newPath });
    }
  }
  return result;
}

/**
 * The common case of `extractPatterns`: every entry on the way back has exactly one compatible
 * edge, so there is exactly one path and no search. @returns it, or `undefined` to search.
 */
function linearPath(nfa: KeyNfa, key: number, first: BufferNode, version: DeweyNumber): MatchPath | undefined {
  const keys = linearKeys;
  let n = 0;
  let node: BufferNode | undefined = first;
  let k = key;
  let v = version;
  for (;;) {
    keys[n++] = k;
    let next: BufferEdge | undefined;
    for (const edge of node.e) {
      if (!isCompatibleWith(v, edge.v)) continue;
      if (next) return undefined;
      next = edge;
    }
    if (!next) return undefined;
    if (next.t < 0) break;
    k = next.t;
    v = next.v;
    node = entry(nfa, k);
    if (!node) throw new Error(`CEP shared buffer: no entry ${k}`);
  }
  const path: MatchPath = new Map();
  for (let i = n - 1; i >= 0; i--) {
    const at = keys[i] as number;
    const stage = nodeStage(at);
    const list = path.get(stage);
    if (list) list.push(nodeHandle(at));
    else path.set(stage, [nodeHandle(at)]);
  }
  return path;
}

const linearKeys: number[] = [];

/** `materializeMatch`: the events of a path, per stage index. */
export function materialize(nfa: KeyNfa, path: MatchPath): Map<number, BufferedEvent[]> {
  const out = new Map<number, BufferedEvent[]>();
  for (const [stage, handles] of path) {
    out.set(
      stage,
      handles.map((h) => liveEvent(nfa, h)),
    );
  }
  return out;
}

/** `SharedBuffer.advanceTime`: forgets the id counter of timestamps before `timestamp`. */
export function advanceBufferTime(nfa: KeyNfa, timestamp: number): void {
  if (nfa.countTs < timestamp) {
    nfa.countTs = Number.NEGATIVE_INFINITY;
    nfa.countNext = 0;
  }
}

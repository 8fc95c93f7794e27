/**
 * Flink CEP's shared buffer (`SharedBuffer` + `SharedBufferAccessor`) over a key's `KeyNfa`:
 * every event of any partial match is stored once; each stage that took it has an entry whose
 * versioned edges point to the previous entry of each run; reference counts on events, entries
 * and edges free what no run needs any more. Matches are read back by walking the edges whose
 * versions are compatible with a run's version (`extractPatterns`). Same algorithms as Flink's,
 * including the order entries and edges are visited in.
 */
import type { DataRecord } from '../../runtime/record.ts';
import { isCompatibleWith, type DeweyNumber } from './dewey-number.ts';
import { nodeHandle, nodeKey, nodeStage, type BufferedEvent, type BufferNode, type KeyNfa } from './nfa-state.ts';

/** One path through the buffer: event handles per stage index, stages in order of first event. */
export type MatchPath = Map<number, number[]>;

/** `Lockable.release`: @returns true when nothing holds it any more. */
function release(l: { rc: number }): boolean {
  if (l.rc <= 0) return true;
  l.rc -= 1;
  return l.rc === 0;
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
  const id = nfa.countNext++;
  const handle = nfa.next++;
  nfa.events.set(handle, { r: record, ts: timestamp, id, pos, rc: 1 });
  return handle;
}

/** `releaseEvent`. */
export function releaseEvent(nfa: KeyNfa, handle: number): void {
  const e = nfa.events.get(handle);
  if (e && release(e)) nfa.events.delete(handle);
}

/**
 * `put`: the entry of event `handle` taken by `stage`, with a new edge (version `version`) to
 * `previous` (-1: none), which is locked. A new entry locks its event. @returns the entry's key.
 */
export function put(nfa: KeyNfa, stage: number, handle: number, previous: number, version: DeweyNumber): number {
  if (previous >= 0) lockNode(nfa, previous, version);
  const key = nodeKey(handle, stage);
  let node = nfa.nodes.get(key);
  if (!node) {
    node = { e: [], rc: 0 };
    nfa.nodes.set(key, node);
    const event = nfa.events.get(handle);
    if (!event) throw new Error(`CEP shared buffer: no event ${handle}`);
    event.rc++;
  }
  node.e.push({ t: previous, v: version, rc: 0 });
  return key;
}

/** `lockNode`: locks the entry and its edges compatible with `version`. */
export function lockNode(nfa: KeyNfa, key: number, version: DeweyNumber): void {
  const node = nfa.nodes.get(key);
  if (!node) return;
  node.rc++;
  for (const edge of node.e) if (isCompatibleWith(version, edge.v)) edge.rc++;
}

/**
 * `releaseNode`: releases the entry and, through edges compatible with `version` that nothing
 * else holds, its predecessors; entries nothing holds are removed with their event's lock.
 * (Like Flink's, the walk stops at the first entry that no longer exists.)
 */
export function releaseNode(nfa: KeyNfa, key: number, version: DeweyNumber): void {
  if (key < 0) return;
  const keys: number[] = [key];
  const versions: DeweyNumber[] = [version];
  while (keys.length > 0) {
    const current = keys.pop() as number;
    const node = nfa.nodes.get(current);
    if (!node) break;
    const v = versions.pop() as DeweyNumber;
    const edges = node.e;
    let w = 0;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as BufferNode['e'][number];
      if (isCompatibleWith(v, edge.v) && release(edge)) {
        if (edge.t >= 0) {
          keys.push(edge.t);
          versions.push(edge.v);
        }
        continue; // removed
      }
      edges[w++] = edge;
    }
    edges.length = w;
    if (release(node)) {
      nfa.nodes.delete(current);
      releaseEvent(nfa, nodeHandle(current));
    }
  }
}

/** `extractPatterns`: every path from entry `key` back to a match's first event under `version`. */
export function extractPatterns(nfa: KeyNfa, key: number, version: DeweyNumber): MatchPath[] {
  const result: MatchPath[] = [];
  const first = nfa.nodes.get(key);
  if (!first) return result;
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
      let entry: Walk['entry'];
      if (edge.t >= 0) {
        const node = nfa.nodes.get(edge.t);
        if (!node) throw new Error(`CEP shared buffer: no entry ${edge.t}`);
        entry = { key: edge.t, node };
      }
      stack.push({ entry, version: edge.v, path: newPath });
    }
  }
  return result;
}

/** `materializeMatch`: the events of a path, per stage index. */
export function materialize(nfa: KeyNfa, path: MatchPath): Map<number, BufferedEvent[]> {
  const out = new Map<number, BufferedEvent[]>();
  for (const [stage, handles] of path) {
    out.set(
      stage,
      handles.map((h) => {
        const e = nfa.events.get(h);
        if (!e) throw new Error(`CEP shared buffer: no event ${h}`);
        return e;
      }),
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

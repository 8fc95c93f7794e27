/**
 * What Flink CEP keeps per key (`NFAState` and the `SharedBuffer`'s maps), as plain data that
 * the keyed state backends store as it is: computation states (Flink's `ComputationState`), the
 * queues of partial and completed matches (heaps in `java.util.PriorityQueue` array order, see
 * `java-priority-queue.ts`), and the shared buffer of events and versioned edges.
 *
 * Events are numbered per key (`handle`) to find them in the buffer; Flink's `EventId` — the
 * event's timestamp and its arrival number among events with that timestamp — decides every
 * ordering.
 */
import type { DataRecord } from '../../runtime/record.ts';
import type { DeweyNumber } from './dewey-number.ts';
import { deweyEquals } from './dewey-number.ts';
import type { Compare } from './java-priority-queue.ts';

/** Flink's `ComputationState`: one run of the NFA. Short field names: there are many of them in state. */
export interface ComputationState {
  /** Index of the NFA state it is in. */
  readonly s: number;
  /** Node key of the last buffer entry of its match (-1: none, a start state). */
  readonly p: number;
  /** Version (Dewey number) of its path through the buffer. */
  readonly v: DeweyNumber;
  /** Timestamp of its first event (-1 for a start state). */
  readonly st: number;
  /** Timestamp of its latest event (-1 for a start state). */
  readonly pt: number;
  /** `EventId` of its first event: timestamp (`null`: none) and id. */
  readonly et: number | null;
  readonly ei: number;
}

/**
 * An event held by the shared buffer (Flink's `Lockable<T>` under its `EventId`), with the
 * buffer entries of the stages that took it (Flink's `SharedBufferNode` under `NodeId(event,
 * stage)`), by stage index.
 */
export interface BufferedEvent {
  readonly r: DataRecord;
  /** `EventId`: timestamp and arrival number among events of that timestamp. */
  readonly ts: number;
  readonly id: number;
  /** Arrival number of the record at the node (1-based), for the editor's highlighting. */
  readonly pos: number;
  /** Reference count. */
  rc: number;
  /** Entries by stage index (`null`: none). */
  readonly n: (BufferNode | null)[];
}

/** A versioned edge to the previous entry of a match (`SharedBufferEdge`, lockable). */
export interface BufferEdge {
  /** Target node key, -1 for none (the first event of a match). */
  readonly t: number;
  readonly v: DeweyNumber;
  rc: number;
}

/** A buffer entry (`SharedBufferNode`): an event taken by one stage. */
export interface BufferNode {
  readonly e: BufferEdge[];
  rc: number;
}

/** All of one key's CEP state. */
export interface KeyNfa {
  /** Partial matches, a heap (`NFAState.partialMatches`). */
  partial: ComputationState[];
  /** Completed matches held back by the skip strategy (`NFAState.completedMatches`). */
  completed: ComputationState[];
  /**
   * Buffered events (`SharedBuffer.eventsBuffer` and `entries`) by handle − `base`, `null` once
   * released: handles grow with every event and events leave roughly in arrival order, so a
   * window over them is kept instead of maps.
   */
  events: (BufferedEvent | null)[];
  /** Handle of `events[0]`. */
  base: number;
  /**
   * `SharedBuffer.eventsCount` — the next event id per timestamp — kept for the latest timestamp
   * only: a key's events reach the NFA in non-decreasing timestamp order, and Flink forgets the
   * counters of timestamps before each time advance, so no other counter is ever read again.
   * `countTs`: that timestamp (-∞: none); `countNext`: the next id for it.
   */
  countTs: number;
  countNext: number;
  /** Next event handle. */
  next: number;
}

/** Stages per node key (see `MAX_STAGES` in spec.ts). */
export const STAGE_SLOTS = 32;

export const nodeKey = (handle: number, stage: number): number => handle * STAGE_SLOTS + stage;
export const nodeHandle = (key: number): number => Math.floor(key / STAGE_SLOTS);
export const nodeStage = (key: number): number => key % STAGE_SLOTS;

/** A start state (`ComputationState.createStartState`), version `[1]` unless given. */
export function startState(state: number, v: DeweyNumber = [1]): ComputationState {
  return { s: state, p: -1, v, st: -1, pt: -1, et: null, ei: -1 };
}

/** A fresh key's state: one start state (`NFA.createInitialNFAState`). */
export function initialNfa(start: number): KeyNfa {
  return { partial: [startState(start)], completed: [], events: [], base: 0, countTs: Number.NEGATIVE_INFINITY, countNext: 0, next: 0 };
}

const MAX_INT = 2147483647;

/** `NFAState.COMPUTATION_STATE_COMPARATOR`: by first event's timestamp, then its id; none last. */
export const compareStates: Compare<ComputationState> = (a, b) => {
  const at = a.et ?? Number.POSITIVE_INFINITY;
  const bt = b.et ?? Number.POSITIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  const ai = a.et === null ? MAX_INT : a.ei;
  const bi = b.et === null ? MAX_INT : b.ei;
  return ai < bi ? -1 : ai > bi ? 1 : 0;
};

/** `ComputationState.equals`. */
export function sameState(a: ComputationState, b: ComputationState): boolean {
  return a.s === b.s && a.p === b.p && a.st === b.st && a.pt === b.pt && a.et === b.et && a.ei === b.ei && deweyEquals(a.v, b.v);
}

/** `EventId.compareTo`: timestamp, then id. */
export function compareEventIds(at: number, ai: number, bt: number, bi: number): number {
  if (at !== bt) return at < bt ? -1 : 1;
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

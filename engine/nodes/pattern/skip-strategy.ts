/**
 * After-match skip strategies (Flink's `AfterMatchSkipStrategy` and subclasses): after a match is
 * emitted, partial and completed matches that started at or before a "pruning" event are
 * discarded. Flink's rules:
 *
 * - `noSkip`: nothing is discarded, and completed matches are emitted at once.
 * - `skipToNext`: pruning event = the match's first event; runs starting at or before it go.
 * - `skipPastLastEvent`: pruning event = the match's last event; runs starting at or before it go.
 * - `skipToFirst(stage)` / `skipToLast(stage)`: pruning event = the first / last event of
 *   `stage` in the match; runs starting strictly before it go; a match without that stage
 *   prunes nothing (Flink's default, without `throwExceptionOnMiss`).
 *
 * With any strategy but `noSkip`, a completed match waits until no partial match started before
 * it (`NFA.processMatchesAccordingToSkipStrategy`).
 */
import type { SkipStrategy } from './pattern-model.ts';
import { compareEventIds, compareStates, sameState, type ComputationState, type KeyNfa } from './nfa-state.ts';
import { pqRemoveIf } from './java-priority-queue.ts';
import { eventAt, releaseNode, type MatchPath } from './shared-buffer.ts';

interface EventId {
  ts: number;
  id: number;
}

/** Flink's `isSkipStrategy()`. */
export function isSkipStrategy(skip: SkipStrategy): boolean {
  return skip.kind !== 'noSkip';
}

function eventId(nfa: KeyNfa, handle: number): EventId {
  const e = eventAt(nfa, handle);
  if (!e) throw new Error(`CEP shared buffer: no event ${handle}`);
  return { ts: e.ts, id: e.id };
}

const cmp = (a: EventId, b: EventId): number => compareEventIds(a.ts, a.id, b.ts, b.id);
const max = (a: EventId | undefined, b: EventId | undefined): EventId | undefined => (!b ? a : !a ? b : cmp(a, b) >= 0 ? a : b);
const min = (a: EventId | undefined, b: EventId | undefined): EventId | undefined => (!b ? a : !a ? b : cmp(a, b) <= 0 ? a : b);

function pruningId(skip: SkipStrategy, nfa: KeyNfa, matches: readonly MatchPath[], stage: number): EventId | undefined {
  let id: EventId | undefined;
  for (const match of matches) {
    if (skip.kind === 'skipPastLastEvent') {
      for (const handles of match.values()) id = max(id, eventId(nfa, handles[handles.length - 1] as number));
    } else if (skip.kind === 'skipToNext') {
      for (const handles of match.values()) id = min(id, eventId(nfa, handles[0] as number));
    } else {
      const handles = match.get(stage);
      if (handles && handles.length > 0) id = max(id, eventId(nfa, (skip.kind === 'skipToFirst' ? handles[0] : handles[handles.length - 1]) as number));
    }
  }
  return id;
}

/**
 * `AfterMatchSkipStrategy.prune`: releases and removes from the heap `queue` the runs the
 * strategy discards after `matches`. `stage`: index of the stage of skipToFirst/skipToLast.
 */
export function prune(skip: SkipStrategy, stage: number, queue: ComputationState[], matches: readonly MatchPath[], nfa: KeyNfa): void {
  if (!isSkipStrategy(skip)) return;
  const pruning = pruningId(skip, nfa, matches, stage);
  if (!pruning) return;
  const inclusive = skip.kind === 'skipToNext' || skip.kind === 'skipPastLastEvent';
  const discard: ComputationState[] = [];
  for (const cs of queue) {
    if (cs.et === null) continue;
    const c = compareEventIds(cs.et, cs.ei, pruning.ts, pruning.id);
    if (inclusive ? c <= 0 : c < 0) {
      releaseNode(nfa, cs.p, cs.v);
      discard.push(cs);
    }
  }
  pqRemoveIf(queue, (e) => discard.some((d) => sameState(d, e)), compareStates);
}

/**
 * Running a compiled NFA over one key's state (Flink CEP 1.20's `NFA`): `process` feeds one
 * event to every partial match, `advanceTime` times out partial matches older than `within` and
 * releases matches a skip strategy held back. Flink's algorithm, step for step:
 *
 * - For each partial match, in heap order, the transitions whose conditions hold are collected
 *   by following PROCEED edges (`createDecisionGraph`); each TAKE edge stores the event in the
 *   shared buffer under a new version and continues in its target state (plus a final state
 *   when the target can PROCEED to one), each IGNORE edge keeps the run without the event; Dewey
 *   versions are numbered from the count of TAKE and IGNORE branches (`computeNextStates`). A
 *   start state never IGNOREs and always stays.
 * - A run reaching a STOP state (a `notNext`/`notFollowedBy` condition held) is dropped with every
 *   branch its step created; runs reaching the final state are completed matches, emitted in
 *   the order of their first event, each pruning runs as the skip strategy says.
 * - `advanceTime(t)`: a run (not a start state) whose first event is `within` or more before `t`
 *   times out; a PENDING run (ending `notFollowedBy`) that times out is a match instead.
 *
 * One difference, for user code that throws: all of an event's conditions are evaluated first
 * (they depend only on the state before the event), and only then is the state changed; a
 * throw leaves the state as it was, so the event is as if it never arrived (it goes to
 * `errors`). Flink would fail the job.
 */
import type { DataRecord } from '../../runtime/record.ts';
import type { Cond } from './conditions.ts';
import { addStage, increase, increaseAndAddStage, type DeweyNumber } from './dewey-number.ts';
import { IGNORE, PROCEED, TAKE, type CompiledNfa, type NfaState, type NfaTransition } from './nfa-graph.ts';
import { pqOffer, pqPoll } from './java-priority-queue.ts';
import { compareStates, startState, type BufferedEvent, type ComputationState, type KeyNfa } from './nfa-state.ts';
import type { SkipStrategy } from './pattern-model.ts';
import { advanceBufferTime, eventAt, extractPatterns, lockNode, materialize, put, registerEvent, releaseEvent, releaseNode } from './shared-buffer.ts';
import { isSkipStrategy, prune } from './skip-strategy.ts';
import { RunContext, type Match, type Timeout, type UserFunction } from './run-context.ts';

export type { ConditionContext, Match, Timeout, UserFunction } from './run-context.ts';

/** The outgoing edges of one partial match for one event (Flink's `OutgoingEdges`), decided up front. */
interface Decision {
  /** Edges (the first `n` entries of the arrays are this event's). */
  n: number;
  readonly edges: NfaTransition[];
  /** Source state of each edge (a TAKE stores the event under its source's stage). */
  readonly sources: number[];
  /** For each TAKE edge, the final state its target can PROCEED to, else -1. */
  readonly finals: number[];
  takes: number;
  ignores: number;
}

/**
 * Decisions of every partial match of a key for one event, in heap order. Scratch space of the
 * processor: valid until its next `decide`.
 */
export type Decisions = readonly Decision[];

const NO_MATCHES: readonly Match[] = Object.freeze([]);
const NOTHING: { readonly matches: readonly Match[]; readonly timeouts: readonly Timeout[] } = Object.freeze({ matches: NO_MATCHES, timeouts: Object.freeze([]) });

/** `calculateIncreasingSelfState`. */
const selfIncrease = (ignores: number, takes: number): number => (takes === 0 && ignores === 0 ? 0 : ignores + Math.max(1, takes));

export class NfaProcessor {
  private readonly states: readonly NfaState[];
  private readonly context: RunContext;
  private readonly skipStage: number;
  private readonly skipping: boolean;
  /** The event being decided on (fields rather than closures: this is the per-event path). */
  private event: DataRecord = {};
  private readonly pool: Decision[] = [];
  private readonly decisions: Decision[] = [];
  private readonly stack: NfaState[] = [];
  private readonly proceedStack: NfaState[] = [];
  private readonly next: ComputationState[] = [];
  /** Handle of the event being processed in the shared buffer, -1 before its first TAKE. */
  private handle = -1;

  constructor(
    readonly nfa: CompiledNfa,
    private readonly skip: SkipStrategy,
    private readonly user: UserFunction,
  ) {
    this.states = nfa.states;
    this.context = new RunContext(nfa.stageNames);
    this.skipStage = 'stage' in skip ? nfa.stageNames.indexOf(skip.stage) : -1;
    this.skipping = isSkipStrategy(skip);
  }

  private isStart(cs: ComputationState): boolean {
    return (this.states[cs.s] as NfaState).type === 'Start';
  }

  /** `checkFilterCondition`, with `and` short-circuiting left to right as `RichAndCondition`. */
  private test(c: Cond): boolean {
    switch (c.k) {
      case 'true':
        return true;
      case 'user':
        return this.user(c.fn, this.event, this.context);
      case 'not':
        return !this.test(c.c);
      case 'and':
        return this.test(c.l) && this.test(c.r);
    }
  }

  /**
   * Phase one of `NFA.process`: every condition the event meets in every partial match (the
   * decision graphs and the PROCEED-to-final checks), before anything changes.
   * @returns scratch decisions, valid until the next call.
   * @throws whatever a user condition throws; the key's state is untouched then.
   */
  decide(nfa: KeyNfa, event: DataRecord, timestamp: number, key: string): Decisions {
    this.event = event;
    const decisions = this.decisions;
    const partial = nfa.partial;
    for (let i = 0; i < partial.length; i++) {
      const cs = partial[i] as ComputationState;
      this.context.reset(nfa, cs, timestamp, key);
      const d = (this.pool[i] ??= { n: 0, edges: [], sources: [], finals: [], takes: 0, ignores: 0 });
      d.n = 0;
      d.takes = 0;
      d.ignores = 0;
      const state = this.states[cs.s] as NfaState;
      const stack = this.stack;
      let top = 0;
      stack[top++] = state;
      while (top > 0) {
        const current = stack[--top] as NfaState;
        const transitions = current.transitions;
        for (let j = 0; j < transitions.length; j++) {
          const t = transitions[j] as NfaTransition;
          if (!this.test(t.cond)) continue;
          if (t.action === PROCEED) stack[top++] = this.states[t.target] as NfaState;
          else {
            if (t.action === TAKE) d.takes++;
            else if (t.target !== state.index) d.ignores++;
            d.edges[d.n] = t;
            d.sources[d.n] = current.index;
            d.n++;
          }
        }
      }
      for (let j = 0; j < d.n; j++) {
        const t = d.edges[j] as NfaTransition;
        d.finals[j] = t.action === TAKE ? this.finalAfterProceed(t.target) : -1;
      }
      decisions[i] = d;
    }
    return decisions;
  }

  /** `findFinalStateAfterProceed`. */
  private finalAfterProceed(from: number): number {
    const stack = this.proceedStack;
    let top = 0;
    stack[top++] = this.states[from] as NfaState;
    while (top > 0) {
      const current = stack[--top] as NfaState;
      for (const t of current.transitions) {
        if (t.action !== PROCEED || !this.test(t.cond)) continue;
        const target = this.states[t.target] as NfaState;
        if (target.type === 'Final') return target.index;
        stack[top++] = target;
      }
    }
    return -1;
  }

  /**
   * Phase two (`NFA.doProcess`): applies `decisions` (from `decide` for this event) to the state.
   * `pos`: the event's arrival number at the node. @returns the matches, in emission order.
   */
  process(nfa: KeyNfa, event: DataRecord, timestamp: number, pos: number, decisions: Decisions): readonly Match[] {
    this.handle = -1;
    const partial: ComputationState[] = [];
    let potential: ComputationState[] | undefined;
    const old = nfa.partial;
    const out = this.next;
    for (let i = 0; i < old.length; i++) {
      const cs = old[i] as ComputationState;
      const count = this.computeNextStates(nfa, cs, decisions[i] as Decision, event, timestamp, pos, out);
      let discard = false;
      let retained = 0;
      for (let j = 0; j < count; j++) {
        const n = out[j] as ComputationState;
        const type = (this.states[n.s] as NfaState).type;
        if (type === 'Final') pqOffer((potential ??= []), n, compareStates);
        else if (type === 'Stop') {
          discard = true;
          releaseNode(nfa, n.p, n.v);
        } else out[retained++] = n;
      }
      for (let j = 0; j < retained; j++) {
        const r = out[j] as ComputationState;
        if (discard) releaseNode(nfa, r.p, r.v);
        else pqOffer(partial, r, compareStates);
      }
    }
    const matches = this.emitCompleted(nfa, potential, partial);
    nfa.partial = partial;
    if (this.handle >= 0) releaseEvent(nfa, this.handle);
    return matches;
  }

  private eventHandle(nfa: KeyNfa, event: DataRecord, timestamp: number, pos: number): number {
    if (this.handle < 0) this.handle = registerEvent(nfa, event, timestamp, pos);
    return this.handle;
  }

  /** `addComputationState`: the new run, and a lock on its buffer entry. */
  /** Entries of `this.next` written by the current `computeNextStates`. */
  private nextCount = 0;

  private add(nfa: KeyNfa, out: ComputationState[], state: number, previous: number, v: DeweyNumber, st: number, pt: number, et: number | null, ei: number): void {
    out[this.nextCount++] = { s: state, p: previous, v, st, pt, et, ei };
    if (previous >= 0) lockNode(nfa, previous, v);
  }

  /** Writes the runs that follow `cs` into `out` (scratch). @returns how many. */
  private computeNextStates(nfa: KeyNfa, cs: ComputationState, d: Decision, event: DataRecord, timestamp: number, pos: number, out: ComputationState[]): number {
    this.nextCount = 0;
    const { n, edges, sources, finals, takes, ignores } = d;
    let takeBranchesToVisit = Math.max(0, takes - 1);
    let ignoreBranchesToVisit = ignores;
    const totalTakeToSkip = Math.max(0, takes - 1);
    const start = this.isStart(cs);
    for (let i = 0; i < n; i++) {
      const edge = edges[i] as NfaTransition;
      if (edge.action === IGNORE) {
        if (start) continue;
        let version: DeweyNumber;
        if (edge.target === cs.s) version = increase(cs.v, selfIncrease(ignores, takes));
        else {
          version = increaseAndAddStage(cs.v, totalTakeToSkip + ignoreBranchesToVisit);
          ignoreBranchesToVisit--;
        }
        this.add(nfa, out, edge.target, cs.p, version, cs.st, cs.pt, cs.et, cs.ei);
      } else if (edge.action === TAKE) {
        const currentVersion = increase(cs.v, takeBranchesToVisit);
        const nextVersion = addStage(currentVersion);
        takeBranchesToVisit--;
        const h = this.eventHandle(nfa, event, timestamp, pos);
        const stage = (this.states[sources[i] as number] as NfaState).stage;
        const entry = put(nfa, stage, h, cs.p, currentVersion);
        const e = eventAt(nfa, h) as BufferedEvent;
        const st = start ? timestamp : cs.st;
        const et = start ? e.ts : cs.et;
        const ei = start ? e.id : cs.ei;
        this.add(nfa, out, edge.target, entry, nextVersion, st, timestamp, et, ei);
        const fin = finals[i] as number;
        if (fin >= 0) this.add(nfa, out, fin, entry, nextVersion, st, timestamp, et, ei);
      }
    }
    if (start) out[this.nextCount++] = startState(cs.s, increase(cs.v, selfIncrease(ignores, takes)));
    if (cs.p >= 0) releaseNode(nfa, cs.p, cs.v);
    return this.nextCount;
  }

  /** `processMatchesAccordingToSkipStrategy`. */
  private emitCompleted(nfa: KeyNfa, potential: readonly ComputationState[] | undefined, partial: ComputationState[]): readonly Match[] {
    const completed = nfa.completed;
    if (potential) for (const cs of potential) pqOffer(completed, cs, compareStates);
    if (completed.length === 0) return NO_MATCHES;
    const matches: Match[] = [];
    for (;;) {
      const earliest = completed[0];
      if (!earliest) break;
      if (this.skipping) {
        const earliestPartial = partial[0];
        if (earliestPartial && compareStates(earliest, earliestPartial) > 0) break;
      }
      pqPoll(completed, compareStates);
      const paths = extractPatterns(nfa, earliest.p, earliest.v);
      prune(this.skip, this.skipStage, partial, paths, nfa);
      prune(this.skip, this.skipStage, completed, paths, nfa);
      const path = paths[0];
      if (!path) throw new Error('CEP: a completed match has no events in the shared buffer');
      matches.push(materialize(nfa, path));
      releaseNode(nfa, earliest.p, earliest.v);
    }
    return matches;
  }

  /** `NFA.advanceTime`: timeouts (and, for ending `notFollowedBy`, matches) up to `timestamp`. */
  advanceTime(nfa: KeyNfa, timestamp: number): { matches: readonly Match[]; timeouts: readonly Timeout[] } {
    const window = this.nfa.windowTime;
    const old = nfa.partial;
    let expired = false;
    if (window > 0) for (let i = 0; i < old.length && !expired; i++) expired = this.timedOut(old[i] as ComputationState, timestamp, window);
    if (!expired && nfa.completed.length === 0) {
      // Nothing times out and nothing waits: the queue stays as it is (Flink rebuilds the same heap).
      advanceBufferTime(nfa, timestamp);
      return NOTHING;
    }
    const partial: ComputationState[] = [];
    let potential: ComputationState[] | undefined;
    const timeouts: Timeout[] = [];
    for (const cs of old) {
      if (window > 0 && this.timedOut(cs, timestamp, window)) {
        if ((this.states[cs.s] as NfaState).type === 'Pending') {
          pqOffer((potential ??= []), cs, compareStates);
          continue;
        }
        const paths = cs.p >= 0 ? extractPatterns(nfa, cs.p, cs.v) : [];
        timeouts.push({ match: paths[0] ? materialize(nfa, paths[0]) : new Map(), at: cs.st + window });
        releaseNode(nfa, cs.p, cs.v);
      } else pqOffer(partial, cs, compareStates);
    }
    const matches = this.emitCompleted(nfa, potential, partial);
    nfa.partial = partial;
    advanceBufferTime(nfa, timestamp);
    return { matches, timeouts };
  }

  private timedOut(cs: ComputationState, timestamp: number, window: number): boolean {
    return timestamp - cs.st >= window && !this.isStart(cs);
  }

  /** Adds the key's partial matches (start states aside) per stage index to `counts`, times `sign`. */
  countPartial(nfa: KeyNfa, counts: number[], sign: number): void {
    for (const cs of nfa.partial) {
      if (cs.et === null) continue;
      const stage = (this.states[cs.s] as NfaState).stage;
      if (stage >= 0) counts[stage] = (counts[stage] ?? 0) + sign;
    }
  }
}

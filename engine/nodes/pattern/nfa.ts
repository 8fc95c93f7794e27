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
import { evalCond } from './conditions.ts';
import { addStage, increase, type DeweyNumber } from './dewey-number.ts';
import { IGNORE, PROCEED, TAKE, type CompiledNfa, type NfaState, type NfaTransition } from './nfa-compiler.ts';
import { pqOffer, pqPoll } from './java-priority-queue.ts';
import { compareStates, startState, type BufferedEvent, type ComputationState, type KeyNfa } from './nfa-state.ts';
import type { SkipStrategy } from './pattern-model.ts';
import { advanceBufferTime, extractPatterns, lockNode, materialize, put, registerEvent, releaseEvent, releaseNode } from './shared-buffer.ts';
import { isSkipStrategy, prune } from './skip-strategy.ts';

/** A match: events per stage index, stages in the order of their first event. */
export type Match = Map<number, BufferedEvent[]>;

/** A timed-out partial match and its timeout time (first event + `within`). */
export interface Timeout {
  match: Match;
  at: number;
}

/**
 * What a condition sees beside the event (Flink's `IterativeCondition.Context`): the events each
 * stage of this partial match has taken so far, the event's timestamp and the key.
 */
export interface ConditionContext {
  matched(stage: string): readonly DataRecord[];
  readonly timestamp: number;
  readonly key: string;
}

/** Calls user function `fn` on `event`; may throw (the event then goes to `errors`). */
export type UserFunction = (fn: number, event: DataRecord, ctx: ConditionContext) => boolean;

/** The outgoing edges of one partial match for one event (Flink's `OutgoingEdges`), decided up front. */
interface Decision {
  readonly edges: NfaTransition[];
  /** Source state of each edge (a TAKE stores the event under its source's stage). */
  readonly sources: number[];
  /** For each TAKE edge, the final state its target can PROCEED to, else -1. */
  readonly finals: number[];
  readonly takes: number;
  readonly ignores: number;
}

/** Decisions of every partial match of a key for one event, in heap order. */
export type Decisions = readonly Decision[];

/** `calculateIncreasingSelfState`. */
const selfIncrease = (ignores: number, takes: number): number => (takes === 0 && ignores === 0 ? 0 : ignores + Math.max(1, takes));

/** The per-(run, event) context of conditions; lazily reads the run's match once. */
class RunContext implements ConditionContext {
  private nfa: KeyNfa | undefined;
  private cs: ComputationState | undefined;
  private cache: Map<string, DataRecord[]> | undefined;
  timestamp = 0;
  key = '';

  constructor(private readonly stageNames: readonly string[]) {}

  reset(nfa: KeyNfa, cs: ComputationState, timestamp: number, key: string): void {
    this.nfa = nfa;
    this.cs = cs;
    this.cache = undefined;
    this.timestamp = timestamp;
    this.key = key;
  }

  matched(stage: string): readonly DataRecord[] {
    if (!this.cache) {
      this.cache = new Map();
      const nfa = this.nfa as KeyNfa;
      const cs = this.cs as ComputationState;
      if (cs.p >= 0) {
        const paths = extractPatterns(nfa, cs.p, cs.v);
        if (paths.length > 0) {
          for (const [s, events] of materialize(nfa, paths[0] as Map<number, number[]>)) this.cache.set(this.stageNames[s] as string, events.map((e) => e.r));
        }
      }
    }
    return this.cache.get(String(stage)) ?? [];
  }
}

export class NfaProcessor {
  private readonly states: readonly NfaState[];
  private readonly context: RunContext;
  private readonly skipStage: number;

  constructor(
    readonly nfa: CompiledNfa,
    private readonly skip: SkipStrategy,
    private readonly user: UserFunction,
  ) {
    this.states = nfa.states;
    this.context = new RunContext(nfa.stageNames);
    this.skipStage = 'stage' in skip ? nfa.stageNames.indexOf(skip.stage) : -1;
  }

  private isStart(cs: ComputationState): boolean {
    return (this.states[cs.s] as NfaState).type === 'Start';
  }

  /**
   * Phase one of `NFA.process`: every condition the event meets in every partial match (the
   * decision graphs and the PROCEED-to-final checks), before anything changes.
   * @throws whatever a user condition throws; the key's state is untouched then.
   */
  decide(nfa: KeyNfa, event: DataRecord, timestamp: number, key: string): Decisions {
    const ctx = this.context;
    const user = (fn: number): boolean => this.user(fn, event, ctx);
    return nfa.partial.map((cs) => {
      ctx.reset(nfa, cs, timestamp, key);
      const state = this.states[cs.s] as NfaState;
      const edges: NfaTransition[] = [];
      const sources: number[] = [];
      let takes = 0;
      let ignores = 0;
      const stack: NfaState[] = [state];
      while (stack.length > 0) {
        const current = stack.pop() as NfaState;
        for (const t of current.transitions) {
          if (!evalCond(t.cond, user)) continue;
          if (t.action === PROCEED) stack.push(this.states[t.target] as NfaState);
          else {
            if (!(t.action === IGNORE && t.target === state.index)) {
              if (t.action === IGNORE) ignores++;
              else takes++;
            }
            edges.push(t);
            sources.push(current.index);
          }
        }
      }
      const finals = edges.map((t) => (t.action === TAKE ? this.finalAfterProceed(t.target, user) : -1));
      return { edges, sources, finals, takes, ignores };
    });
  }

  /** `findFinalStateAfterProceed`. */
  private finalAfterProceed(from: number, user: (fn: number) => boolean): number {
    const stack: NfaState[] = [this.states[from] as NfaState];
    while (stack.length > 0) {
      const current = stack.pop() as NfaState;
      for (const t of current.transitions) {
        if (t.action !== PROCEED || !evalCond(t.cond, user)) continue;
        const target = this.states[t.target] as NfaState;
        if (target.type === 'Final') return target.index;
        stack.push(target);
      }
    }
    return -1;
  }

  /**
   * Phase two (`NFA.doProcess`): applies `decisions` (from `decide` for this event) to the state.
   * `pos`: the event's arrival number at the node. @returns the matches, in emission order,
   * and whether a start state began a new partial match (the operator then registers a timer
   * at the end of `within`).
   */
  process(nfa: KeyNfa, event: DataRecord, timestamp: number, pos: number, decisions: Decisions): { matches: Match[]; newStart: boolean } {
    let handle = -1;
    const eventHandle = (): number => (handle >= 0 ? handle : (handle = registerEvent(nfa, event, timestamp, pos)));
    const partial: ComputationState[] = [];
    const potential: ComputationState[] = [];
    let newStart = false;
    const old = nfa.partial;
    for (let i = 0; i < old.length; i++) {
      const cs = old[i] as ComputationState;
      const next = this.computeNextStates(nfa, cs, decisions[i] as Decision, timestamp, eventHandle);
      const retain: ComputationState[] = [];
      let discard = false;
      const fromStart = this.isStart(cs);
      for (const n of next) {
        if (fromStart && n.st > 0) newStart = true;
        const type = (this.states[n.s] as NfaState).type;
        if (type === 'Final') pqOffer(potential, n, compareStates);
        else if (type === 'Stop') {
          discard = true;
          releaseNode(nfa, n.p, n.v);
        } else retain.push(n);
      }
      if (discard) for (const r of retain) releaseNode(nfa, r.p, r.v);
      else for (const r of retain) pqOffer(partial, r, compareStates);
    }
    const matches: Match[] = [];
    this.emitCompleted(nfa, potential, partial, matches);
    nfa.partial = partial;
    if (handle >= 0) releaseEvent(nfa, handle);
    return { matches, newStart };
  }

  private computeNextStates(nfa: KeyNfa, cs: ComputationState, d: Decision, timestamp: number, eventHandle: () => number): ComputationState[] {
    const { edges, sources, finals, takes, ignores } = d;
    let takeBranchesToVisit = Math.max(0, takes - 1);
    let ignoreBranchesToVisit = ignores;
    const totalTakeToSkip = Math.max(0, takes - 1);
    const start = this.isStart(cs);
    const out: ComputationState[] = [];
    const add = (state: number, previous: number, v: DeweyNumber, st: number, pt: number, et: number | null, ei: number): void => {
      out.push({ s: state, p: previous, v, st, pt, et, ei });
      if (previous >= 0) lockNode(nfa, previous, v);
    };
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as NfaTransition;
      if (edge.action === IGNORE) {
        if (start) continue;
        let version: DeweyNumber;
        if (edge.target === cs.s) version = increase(cs.v, selfIncrease(ignores, takes));
        else {
          version = addStage(increase(cs.v, totalTakeToSkip + ignoreBranchesToVisit));
          ignoreBranchesToVisit--;
        }
        add(edge.target, cs.p, version, cs.st, cs.pt, cs.et, cs.ei);
      } else if (edge.action === TAKE) {
        const currentVersion = increase(cs.v, takeBranchesToVisit);
        const nextVersion = addStage(currentVersion);
        takeBranchesToVisit--;
        const h = eventHandle();
        const stage = (this.states[sources[i] as number] as NfaState).stage;
        const entry = put(nfa, stage, h, cs.p, currentVersion);
        const e = nfa.events.get(h) as BufferedEvent;
        const st = start ? timestamp : cs.st;
        const et = start ? e.ts : cs.et;
        const ei = start ? e.id : cs.ei;
        add(edge.target, entry, nextVersion, st, timestamp, et, ei);
        const fin = finals[i] as number;
        if (fin >= 0) add(fin, entry, nextVersion, st, timestamp, et, ei);
      }
    }
    if (start) out.push(startState(cs.s, increase(cs.v, selfIncrease(ignores, takes))));
    if (cs.p >= 0) releaseNode(nfa, cs.p, cs.v);
    return out;
  }

  /** `processMatchesAccordingToSkipStrategy`. */
  private emitCompleted(nfa: KeyNfa, potential: ComputationState[], partial: ComputationState[], matches: Match[]): void {
    const completed = nfa.completed;
    for (const cs of potential) pqOffer(completed, cs, compareStates);
    const skipping = isSkipStrategy(this.skip);
    for (;;) {
      const earliest = completed[0];
      if (!earliest) break;
      if (skipping) {
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
  }

  /** `NFA.advanceTime`: timeouts (and, for ending `notFollowedBy`, matches) up to `timestamp`. */
  advanceTime(nfa: KeyNfa, timestamp: number): { matches: Match[]; timeouts: Timeout[] } {
    const window = this.nfa.windowTime;
    const partial: ComputationState[] = [];
    const potential: ComputationState[] = [];
    const timeouts: Timeout[] = [];
    for (const cs of nfa.partial) {
      if (!this.isStart(cs) && window > 0 && timestamp - cs.st >= window) {
        if ((this.states[cs.s] as NfaState).type === 'Pending') {
          pqOffer(potential, cs, compareStates);
          continue;
        }
        const paths = cs.p >= 0 ? extractPatterns(nfa, cs.p, cs.v) : [];
        timeouts.push({ match: paths[0] ? materialize(nfa, paths[0]) : new Map(), at: cs.st + window });
        releaseNode(nfa, cs.p, cs.v);
      } else pqOffer(partial, cs, compareStates);
    }
    const matches: Match[] = [];
    this.emitCompleted(nfa, potential, partial, matches);
    nfa.partial = partial;
    advanceBufferTime(nfa, timestamp);
    return { matches, timeouts };
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

/**
 * Compiles a pattern into an NFA the way Flink CEP 1.20's `NFACompiler.NFAFactoryCompiler` does,
 * step for step, so the NFA has the same states (in the same creation order, with the same
 * internal names `stage`, `stage:0`, …), the same transitions (TAKE, IGNORE, PROCEED, in the same
 * order) and the same conditions. Flink's rules, kept here:
 *
 * - The pattern is traversed from its last stage to its first; a final state `$endState$` is the
 *   first state created; the first stage's state becomes the start state.
 * - `notFollowedBy` in the middle becomes no state: the stages before it get PROCEED edges to a
 *   STOP state on its condition (`getCurrentNotCondition`, looking back over optional stages);
 *   at the end (needs `within`) it becomes a PENDING state that waits for the window to pass.
 *   `notNext` becomes a state whose condition leads to STOP and whose negation proceeds.
 * - A looping stage is a state with a TAKE edge to itself and a PROCEED edge onwards, preceded by
 *   `from - 1` singleton states; a times stage is `to - from` optional and `from - 1` mandatory
 *   singleton states; inner IGNORE edges follow the inner consuming strategy, the first state's
 *   the stage's contiguity (STRICT: none, SKIP_TILL_NEXT: `not(condition)`, SKIP_TILL_ANY: true).
 * - `greedy` ANDs `not(take condition)` into the next stage's first state's transitions;
 *   `until` ANDs `not(until)` into the stage's take and inner ignore conditions.
 * - An optional stage gets a second state for its IGNORE edge, so a PROCEED branch is created
 *   once; taking an event in an optional stage drops the NOT conditions before it
 *   (`copyWithoutTransitiveNots`).
 * Group patterns and per-stage `within(…, PREVIOUS_AND_CURRENT)` are not supported (see README).
 */
import { and, not, TRUE, type Cond } from './conditions.ts';
import type { ModelStage, PatternModel } from './pattern-model.ts';
import { ENDING_STATE_NAME, IGNORE, originalName, PROCEED, TAKE, type Action, type CompiledNfa, type NfaState, type StateType } from './nfa-graph.ts';

interface BState {
  name: string;
  type: StateType;
  readonly transitions: BTransition[];
}

interface BTransition {
  action: Action;
  source: BState;
  target: BState;
  cond: Cond;
}

/** Compiles `model`. @throws Error for a pattern Flink's compiler would refuse. */
export function compileNfa(model: PatternModel): CompiledNfa {
  return new Compiler(model).compile();
}

class Compiler {
  private readonly states: BState[] = [];
  private readonly usedNames = new Set<string>();
  private readonly stopStates = new Map<string, BState>();
  private readonly originalStateMap = new Map<string, BState>();
  private current: number;
  private following: number | undefined;

  constructor(private readonly model: PatternModel) {
    this.current = model.stages.length - 1;
  }

  compile(): CompiledNfa {
    const stages = this.model.stages;
    const last = stages[stages.length - 1] as ModelStage;
    let sink = this.createNamedState(ENDING_STATE_NAME, 'Final');
    sink = this.createMiddleStates(sink);
    const start = this.convertPattern(sink);
    start.type = 'Start';
    if (last.consuming === 'NOT_FOLLOW' && this.model.within <= 0)
      throw new Error('NotFollowedBy is not supported without windowTime as a last part of a Pattern!');
    return this.finish(start);
  }

  private finish(start: BState): CompiledNfa {
    const index = new Map(this.states.map((s, i) => [s, i]));
    const names = this.model.stages.map((s) => s.name);
    const states = this.states.map(
      (s, i): NfaState => ({
        index: i,
        name: s.name,
        stage: s.name === ENDING_STATE_NAME ? -1 : names.indexOf(originalName(s.name)),
        type: s.type,
        transitions: s.transitions.map((t) => ({ action: t.action, target: index.get(t.target) as number, cond: t.cond })),
      }),
    );
    return { states, start: index.get(start) as number, windowTime: this.model.within, stageNames: names };
  }

  private stage(i: number | undefined): ModelStage | undefined {
    return i === undefined || i < 0 ? undefined : this.model.stages[i];
  }

  private get pattern(): ModelStage {
    return this.model.stages[this.current] as ModelStage;
  }

  // ----------------------------------------------------------------------------- states

  /** `NFAStateNameHandler.getUniqueInternalName`: `name`, else `name:0`, `name:1`, … */
  private uniqueName(base: string): string {
    let candidate = base;
    for (let counter = 0; this.usedNames.has(candidate); counter++) candidate = `${base}:${counter}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  private createNamedState(name: string, type: StateType): BState {
    const state: BState = { name: this.uniqueName(name), type, transitions: [] };
    this.states.push(state);
    return state;
  }

  private createState(type: StateType): BState {
    return this.createNamedState(this.pattern.name, type);
  }

  private add(source: BState, action: Action, target: BState, cond: Cond): void {
    source.transitions.push({ action, source, target, cond });
  }

  private createStopState(cond: Cond, name: string): BState {
    let stop = this.stopStates.get(name);
    if (!stop) {
      stop = this.createNamedState(name, 'Stop');
      this.add(stop, TAKE, stop, cond);
      this.stopStates.set(name, stop);
    }
    return stop;
  }

  // ------------------------------------------------------------------------- conditions

  private whereOf(p: ModelStage): Cond {
    return p.where === undefined ? TRUE : { k: 'user', fn: p.where };
  }

  private untilOf(p: ModelStage): Cond | undefined {
    return p.until === undefined ? undefined : { k: 'user', fn: p.until };
  }

  private ignoreFor(strategy: ModelStage['consuming'], p: ModelStage): Cond | undefined {
    if (strategy === 'SKIP_TILL_NEXT') return not(this.whereOf(p));
    if (strategy === 'SKIP_TILL_ANY') return TRUE;
    return undefined;
  }

  private extendWithUntil(cond: Cond | undefined, until: Cond | undefined, isTake: boolean): Cond | undefined {
    if (until && cond) return and(not(until), cond);
    if (until && isTake) return not(until);
    return cond;
  }

  /** `getCurrentNotCondition`: NOT_FOLLOW stages reachable backwards over optional stages. */
  private currentNotConditions(): { cond: Cond; name: string }[] {
    const result: { cond: Cond; name: string }[] = [];
    let i = this.current;
    for (;;) {
      const previous = this.stage(i - 1);
      if (!previous || !(previous.optional || previous.consuming === 'NOT_FOLLOW')) break;
      i--;
      if (previous.consuming === 'NOT_FOLLOW') result.push({ cond: this.whereOf(previous), name: previous.name });
    }
    return result;
  }

  // ----------------------------------------------------------------------------- stages

  private createMiddleStates(sink: BState): BState {
    let lastSink = sink;
    while (this.current > 0) {
      const p = this.pattern;
      if (p.consuming === 'NOT_FOLLOW') {
        if (this.model.within > 0 && lastSink.type === 'Final') {
          const notFollow = this.createState('Pending');
          const cond = this.whereOf(p);
          const stop = this.createStopState(cond, p.name);
          this.add(notFollow, PROCEED, stop, cond);
          this.add(notFollow, IGNORE, notFollow, not(cond));
          lastSink = notFollow;
        }
      } else if (p.consuming === 'NOT_NEXT') {
        const notNext = this.createState('Normal');
        const cond = this.whereOf(p);
        const stop = this.createStopState(cond, p.name);
        if (lastSink.type === 'Final') this.add(notNext, IGNORE, lastSink, not(cond));
        else this.add(notNext, PROCEED, lastSink, not(cond));
        this.add(notNext, PROCEED, stop, cond);
        lastSink = notNext;
      } else {
        lastSink = this.convertPattern(lastSink);
      }
      this.following = this.current;
      this.current--;
    }
    return lastSink;
  }

  private convertPattern(sink: BState): BState {
    const p = this.pattern;
    let lastSink: BState;
    if (p.kind === 'looping') {
      const looping = this.createLooping(this.copyWithoutTransitiveNots(sink));
      lastSink = this.createTimesState(looping, sink, p.from, p.to);
    } else if (p.kind === 'times') {
      lastSink = this.createTimesState(sink, sink, p.from, p.to);
    } else {
      lastSink = this.createSingletonState(sink, sink, this.whereOf(p), this.ignoreFor(p.consuming, p), p.optional);
    }
    this.addStopStates(lastSink);
    return lastSink;
  }

  /** `copyWithoutTransitiveNots`: a copy of `sink` without PROCEED edges to the NOT stops before an optional stage. */
  private copyWithoutTransitiveNots(sink: BState): BState {
    const nots = this.currentNotConditions();
    if (nots.length === 0 || !this.pattern.optional) return sink;
    const copy = this.createNamedState(sink.name, sink.type);
    for (const t of sink.transitions) {
      if (t.action === PROCEED) {
        let target = t.target;
        let remove = false;
        if (target.type === 'Stop') {
          for (const n of nots) if (target.name === n.name) remove = true;
        } else {
          target = this.copyWithoutTransitiveNots(t.target);
        }
        if (!remove) this.add(copy, t.action, target, t.cond);
      } else {
        this.add(copy, t.action, t.target === t.source ? copy : t.target, t.cond);
      }
    }
    return copy;
  }

  private copy(state: BState): BState {
    const copy = this.createNamedState(originalName(state.name), state.type);
    for (const t of state.transitions) this.add(copy, t.action, t.target === t.source ? copy : t.target, t.cond);
    return copy;
  }

  private addStopStates(state: BState): void {
    for (const n of this.currentNotConditions()) this.add(state, PROCEED, this.createStopState(n.cond, n.name), n.cond);
  }

  private addStopStateToLooping(state: BState): void {
    const following = this.stage(this.following);
    if (following?.consuming === 'NOT_FOLLOW') {
      const cond = this.whereOf(following);
      this.add(state, PROCEED, this.createStopState(cond, following.name), cond);
    }
  }

  private createTimesState(sink: BState, proceed: BState, from: number, to: number): BState {
    const p = this.pattern;
    const until = this.untilOf(p);
    const innerIgnore = this.extendWithUntil(this.ignoreFor(p.inner, p), until, false);
    const take = this.extendWithUntil(this.whereOf(p), until, true) as Cond;
    if (p.greedy && from !== to) {
      if (until) this.originalStateMap.set(sink.name, this.copy(sink));
      this.updateWithGreedyCondition(sink, take);
    }
    let lastSink = sink;
    for (let i = from; i < to; i++) {
      lastSink = this.createSingletonState(lastSink, proceed, take, innerIgnore, true);
      this.addStopStateToLooping(lastSink);
    }
    for (let i = 0; i < from - 1; i++) {
      lastSink = this.createSingletonState(lastSink, undefined, take, innerIgnore, false);
      this.addStopStateToLooping(lastSink);
    }
    return this.createSingletonState(lastSink, proceed, take, this.ignoreFor(p.consuming, p), p.optional);
  }

  private createSingletonState(sink: BState, proceed: BState | undefined, take: Cond, ignore: Cond | undefined, isOptional: boolean): BState {
    const p = this.pattern;
    const singleton = this.createState('Normal');
    const sinkCopy = this.copyWithoutTransitiveNots(sink);
    this.add(singleton, TAKE, sinkCopy, take);
    if (isOptional) {
      if (!proceed) throw new Error(`stage ${p.name}: an optional state without a state to proceed to`);
      const until = this.untilOf(p);
      if (p.greedy) {
        if (until) {
          const original = this.originalStateMap.get(proceed.name);
          if (!original) throw new Error(`stage ${p.name}: greedy with until is not supported in this position`);
          this.add(singleton, PROCEED, original, and(TRUE, until));
        }
        this.add(singleton, PROCEED, proceed, until ? and(TRUE, not(until)) : TRUE);
      } else {
        this.add(singleton, PROCEED, proceed, TRUE);
      }
    }
    if (ignore) {
      let ignoreState: BState;
      if (isOptional) {
        ignoreState = this.createNamedState(p.name, 'Normal');
        this.add(ignoreState, TAKE, sinkCopy, take);
        this.add(ignoreState, IGNORE, ignoreState, ignore);
        this.addStopStates(ignoreState);
      } else {
        ignoreState = singleton;
      }
      this.add(singleton, IGNORE, ignoreState, ignore);
    }
    return singleton;
  }

  private createLooping(sink: BState): BState {
    const p = this.pattern;
    const until = this.untilOf(p);
    const ignore = this.extendWithUntil(this.ignoreFor(p.inner, p), until, false);
    const take = this.extendWithUntil(this.whereOf(p), until, true) as Cond;
    const looping = this.createState('Normal');
    if (p.greedy) {
      if (until) {
        const sinkCopy = this.copy(sink);
        this.add(looping, PROCEED, sinkCopy, and(TRUE, until));
        this.originalStateMap.set(sink.name, sinkCopy);
      }
      this.add(looping, PROCEED, sink, until ? and(TRUE, not(until)) : TRUE);
      this.updateWithGreedyCondition(sink, this.whereOf(p));
    } else {
      this.add(looping, PROCEED, sink, TRUE);
    }
    this.add(looping, TAKE, looping, take);
    this.addStopStateToLooping(looping);
    if (ignore) {
      const ignoreState = this.createNamedState(p.name, 'Normal');
      this.add(ignoreState, TAKE, looping, take);
      this.add(ignoreState, IGNORE, ignoreState, ignore);
      this.add(looping, IGNORE, ignoreState, ignore);
      this.addStopStateToLooping(ignoreState);
    }
    return looping;
  }

  private updateWithGreedyCondition(state: BState, take: Cond): void {
    for (const t of state.transitions) t.cond = and(t.cond, not(take));
  }
}

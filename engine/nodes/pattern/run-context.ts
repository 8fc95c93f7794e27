/**
 * What a pattern's conditions see beside the event (Flink's `IterativeCondition.Context`), and
 * the shapes the NFA hands back: matches and timed-out partial matches.
 */
import type { DataRecord } from '../../runtime/record.ts';
import type { BufferedEvent, ComputationState, KeyNfa } from './nfa-state.ts';
import { extractPatterns, materialize } from './shared-buffer.ts';

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

/** The per-(run, event) context of conditions; lazily reads the run's match once. */
export class RunContext implements ConditionContext {
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

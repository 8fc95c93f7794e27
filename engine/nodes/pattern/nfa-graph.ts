/**
 * The compiled NFA as the runtime reads it (Flink's `State` and `StateTransition`): states with
 * internal names, types and ordered transitions (TAKE, IGNORE, PROCEED) under conditions.
 */
import type { Cond } from './conditions.ts';

export type StateType = 'Start' | 'Final' | 'Normal' | 'Pending' | 'Stop';

/** Flink's `StateTransitionAction`. */
export const TAKE = 0;
export const IGNORE = 1;
export const PROCEED = 2;
export type Action = typeof TAKE | typeof IGNORE | typeof PROCEED;

export interface NfaTransition {
  readonly action: Action;
  /** Index of the target state. */
  readonly target: number;
  readonly cond: Cond;
}

export interface NfaState {
  readonly index: number;
  /** Internal name (`b`, `b:0`, `$endState$`). */
  readonly name: string;
  /** Index of the stage the name comes from; -1 for `$endState$`. */
  readonly stage: number;
  readonly type: StateType;
  readonly transitions: readonly NfaTransition[];
}

export interface CompiledNfa {
  /** In creation order (Flink's `NFAFactoryCompiler.states`). */
  readonly states: readonly NfaState[];
  readonly start: number;
  /** `within` in ms, 0 = none. */
  readonly windowTime: number;
  readonly stageNames: readonly string[];
}

export const ENDING_STATE_NAME = '$endState$';

/** The original (stage) name of an internal state name: the part before the first `:`. */
export function originalName(internal: string): string {
  const i = internal.indexOf(':');
  return i < 0 ? internal : internal.slice(0, i);
}

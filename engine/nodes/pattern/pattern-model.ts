/**
 * A pattern in Flink CEP's own terms (`Pattern`, `Quantifier`, `Times`), derived from the node's
 * config: what the NFA compiler reads. Pure: no user code, only the indexes of user functions.
 *
 * - contiguity → consuming strategy: `begin`/`next` STRICT, `followedBy` SKIP_TILL_NEXT,
 *   `followedByAny` SKIP_TILL_ANY, `notNext` NOT_NEXT, `notFollowedBy` NOT_FOLLOW;
 * - the inner consuming strategy of looping and times stages: SKIP_TILL_NEXT, or STRICT with
 *   `consecutive`, SKIP_TILL_ANY with `allowCombinations`;
 * - `times(0, m)` is `times(1, m)` made optional, as `Pattern.times(from, to)` does.
 */
import type { PatternConfig, StageConfig } from './spec.ts';

export type Consuming = 'STRICT' | 'SKIP_TILL_NEXT' | 'SKIP_TILL_ANY' | 'NOT_NEXT' | 'NOT_FOLLOW';

/** One stage as Flink's `Pattern` holds it. */
export interface ModelStage {
  readonly name: string;
  readonly consuming: Consuming;
  readonly inner: 'STRICT' | 'SKIP_TILL_NEXT' | 'SKIP_TILL_ANY';
  /** `QuantifierProperty`: SINGLE, TIMES or LOOPING. */
  readonly kind: 'single' | 'times' | 'looping';
  /** `Times.from`/`Times.to` (looping: `to` is unused). */
  readonly from: number;
  readonly to: number;
  readonly optional: boolean;
  readonly greedy: boolean;
  /** Index of the stage's condition in the user function table; none = always true. */
  readonly where: number | undefined;
  /** Index of the `until` condition. */
  readonly until: number | undefined;
}

export type SkipStrategy =
  | { readonly kind: 'noSkip' | 'skipToNext' | 'skipPastLastEvent' }
  | { readonly kind: 'skipToFirst' | 'skipToLast'; readonly stage: string };

export interface PatternModel {
  readonly stages: readonly ModelStage[];
  /** `within` in ms; 0 = none (Flink's `windowTime`). */
  readonly within: number;
  readonly skip: SkipStrategy;
  /** Config paths of the user functions, by index (`stages[0].condition`, `stages[2].until`). */
  readonly functions: readonly string[];
}

const CONSUMING: Record<StageConfig['contiguity'], Consuming> = {
  begin: 'STRICT',
  next: 'STRICT',
  followedBy: 'SKIP_TILL_NEXT',
  followedByAny: 'SKIP_TILL_ANY',
  notNext: 'NOT_NEXT',
  notFollowedBy: 'NOT_FOLLOW',
};

/** Whether a code field holds code (an empty condition is `true`, as a stage without `where`). */
export function hasCode(code: string | undefined): code is string {
  return code !== undefined && code.trim().length > 0;
}

/** The model of a config that passed the spec's schema and rules. */
export function patternModel(config: PatternConfig): PatternModel {
  const functions: string[] = [];
  const fn = (path: string): number => functions.push(path) - 1;
  const stages = config.stages.map((s, i): ModelStage => {
    let kind: ModelStage['kind'] = 'single';
    let from = 1;
    let to = 1;
    let optional = s.optional;
    if (s.quantifier === 'oneOrMore' || s.quantifier === 'timesOrMore') {
      kind = 'looping';
      from = s.quantifier === 'oneOrMore' ? 1 : (s.times ?? 1);
      to = from;
    } else if (s.quantifier === 'times') {
      kind = 'times';
      from = s.times ?? 1;
      to = s.to ?? from;
      if (from === 0) {
        optional = true;
        from = 1;
      }
    }
    return {
      name: s.name,
      consuming: CONSUMING[s.contiguity],
      inner: s.consecutive ? 'STRICT' : s.allowCombinations ? 'SKIP_TILL_ANY' : 'SKIP_TILL_NEXT',
      kind,
      from,
      to,
      optional,
      greedy: s.greedy,
      where: hasCode(s.condition) ? fn(`stages[${i}].condition`) : undefined,
      until: hasCode(s.until) ? fn(`stages[${i}].until`) : undefined,
    };
  });
  const skip: SkipStrategy =
    config.skip.strategy === 'skipToFirst' || config.skip.strategy === 'skipToLast'
      ? { kind: config.skip.strategy, stage: config.skip.stage ?? '' }
      : { kind: config.skip.strategy };
  return { stages, within: config.within ?? 0, skip, functions };
}

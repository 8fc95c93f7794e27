/**
 * `pattern`: pattern detection with Flink CEP 1.20's semantics (`CEP.pattern(keyedStream,
 * pattern)` with a `PatternProcessFunction` that also handles timed-out partial matches). The
 * pattern is a list of named stages; each has a TypeScript condition over `event` and `ctx`
 * (Flink's `IterativeCondition`: `ctx.matched('stage')` gives the events a stage has matched so
 * far), a contiguity, a quantifier, and the quantifier's options; `within` bounds the whole
 * match and `skip` is the after-match skip strategy. Keyed, in event time: see operator.ts.
 */
import { z } from 'zod';
import { KeySpec, PositiveDuration } from '../../pipeline/config-schemas.ts';
import { ERRORS, IN, LATE, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { keyText } from '../common/looks.ts';
import { patternProblems } from './pattern-rules.ts';

/** At most this many stages (the NFA packs a stage index beside each buffered event's number). */
export const MAX_STAGES = 32;

export const Contiguity = z.enum(['begin', 'next', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy']);
export const Quantifier = z.enum(['one', 'times', 'oneOrMore', 'timesOrMore']);
export const SkipStrategyName = z.enum(['noSkip', 'skipToNext', 'skipPastLastEvent', 'skipToFirst', 'skipToLast']);

export const StageConfig = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a stage name is letters, digits and _ (it names a field of the match)')
    .describe('stage name: the key of its events in the match'),
  contiguity: Contiguity.describe('begin (first stage), next (strict), followedBy (relaxed), followedByAny (non-deterministic relaxed), notNext, notFollowedBy'),
  condition: z.string().optional().describe('TypeScript over event and ctx returning true when the event fits this stage; empty: every event'),
  quantifier: Quantifier.default('one').describe('one, times(n) / times(n, to), oneOrMore, timesOrMore(n)'),
  times: z.number().int().nonnegative().optional().describe('n of times(n), times(n, to) and timesOrMore(n)'),
  to: z.number().int().positive().optional().describe('upper bound of times(n, to)'),
  optional: z.boolean().default(false).describe('the stage may match no event'),
  greedy: z.boolean().default(false).describe('a looping stage takes as many events as it can'),
  consecutive: z.boolean().default(false).describe('a looping stage takes only consecutive events (strict inner contiguity)'),
  allowCombinations: z.boolean().default(false).describe('a looping stage takes events non-deterministically (followedByAny inside the loop)'),
  until: z.string().optional().describe('TypeScript over event and ctx: a looping stage stops before an event for which it is true'),
});
export type StageConfig = z.output<typeof StageConfig>;

export const PatternConfig = z
  .object({
    key: KeySpec.optional().describe('omit to inherit the key of an upstream keyBy'),
    stages: z.array(StageConfig).min(1).max(MAX_STAGES).describe('the pattern, first stage first'),
    within: PositiveDuration.optional().describe('a match must complete within this time of its first event; partial matches older go to timeout'),
    skip: z
      .object({
        strategy: SkipStrategyName.default('noSkip'),
        stage: z.string().optional().describe('the stage of skipToFirst / skipToLast'),
      })
      .default({ strategy: 'noSkip' })
      .describe('after-match skip strategy'),
  })
  .superRefine((config, ctx) => {
    for (const p of patternProblems(config)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
export type PatternConfig = z.output<typeof PatternConfig>;

const CONDITION = { params: ['event', 'ctx'], contract: '(event, ctx) => boolean; ctx.matched(stage) gives the events a stage matched so far' } as const;

export const patternSpec: NodeTypeSpec<PatternConfig> = {
  type: 'pattern',
  version: 1,
  category: 'transform',
  label: 'Pattern (CEP)',
  description:
    "Detects event patterns per key as Flink CEP does (`CEP.pattern`): named stages with TypeScript conditions (`(event, ctx) => boolean`, `ctx.matched('stage')` like an `IterativeCondition`), contiguity (`next`, `followedBy`, `followedByAny`, `notNext`, `notFollowedBy`), quantifiers (`times`, `oneOrMore`, `timesOrMore`, `optional`, `greedy`, `consecutive`, `allowCombinations`, `until`), `within` and an after-match skip strategy. Events are buffered and matched in event-time order once the watermark passes them; events at or behind the watermark go to `late`. One row per match on `out` (the code `(match) => record`, or `{ key, match_start, match_end, <stage>: [events] }`), partial matches older than `within` on `timeout`, conditions that throw on `errors`.",
  inputs: [IN],
  outputs: [OUT, { id: 'timeout', label: 'timeout', kind: 'records' }, LATE, ERRORS],
  config: PatternConfig,
  defaults: PatternConfig.parse({
    stages: [
      { name: 'fail', contiguity: 'begin', condition: 'event.ok === false', quantifier: 'times', times: 3 },
      { name: 'success', contiguity: 'followedBy', condition: 'event.ok === true' },
    ],
    within: '10m',
  }),
  code: {
    kind: 'expression',
    params: ['match'],
    paramTypes: { match: 'Record<string, Input[]>' },
    required: false,
    template: '({ user: match.fail[0].user, failures: match.fail.length, at: match.success[0].time })',
    contract: '(match) => record, where match is { <stage>: event[] }; without code: { key, match_start, match_end, <stage>: [...] }',
  },
  capabilities: {
    keys: [{ port: 'in', field: 'key', required: true }],
    expressionFields: ['key'],
    codeFields: [
      { path: 'stages[].condition', ...CONDITION },
      { path: 'stages[].until', ...CONDITION },
    ],
    gauges: { label: 'waiting' },
    stageList: { field: 'stages' },
    provenance: { ports: ['out', 'timeout'] },
    state: [
      { name: 'queue', kind: 'map', description: 'events waiting for the watermark, by timestamp (Flink CepOperator\'s elementQueueState)' },
      { name: 'nfa', kind: 'value', description: 'partial and completed matches and the shared event buffer (Flink\'s NFAState and SharedBuffer)' },
      { name: 'timers', kind: 'timers', description: 'one per buffered timestamp, and one at the end of `within` for new partial matches' },
    ],
  },
  look: {
    icon: 'scan-search',
    summary: (c) => {
      const stages = Array.isArray(c.stages) ? (c.stages as { name?: unknown }[]).map((s) => String(s.name ?? '?')).join(' → ') : '';
      return [stages, c.within !== undefined ? `within ${String(c.within)}` : '', keyText(c.key)].filter(Boolean).join(' · ');
    },
  },
};

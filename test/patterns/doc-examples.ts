/**
 * Flink CEP's documented examples (docs/content/docs/libs/cep.md of Flink 1.20: "Combining
 * Patterns", "Contiguity within looping patterns", `consecutive()`, `allowCombinations()`,
 * "After Match Skip Strategy") and hand-worked cases for the quantifiers, NOT patterns, `within`
 * and iterative conditions, each with its expected matches written out. Events are named as in
 * the docs (`b1` has type `b`), one second apart unless a time is given.
 *
 * Where the docs leave the pattern open (the contiguity of the stage after a loop, or of the
 * loop itself), the pattern below is the reading that gives the documented result; the docs'
 * `allowCombinations()` example lists 15 matches, which needs `followedByAny("middle")` (with
 * `followedBy`, as printed there, every match starts at A1). flink-cep-docs.test.ts checks every
 * expectation here against the real Flink CEP 1.20.
 */
import type { JsonCond, JsonPattern, JsonStage } from './cep-json.ts';

export type DocEvent = {
  id: string;
  /** Event time in ms (default: 1000 × position, from 1). */
  t?: number;
  v?: number;
};

export interface DocExample {
  pattern: JsonPattern;
  events: (string | DocEvent)[];
  /** Matches as event names in stage order. */
  matches: string[];
  /** Timed-out partial matches as `"a2 @<timeout time in ms>"`. */
  timeouts?: string[];
}

const is = (...types: string[]): JsonCond => (types.length === 1 ? { field: 'type', op: '==', value: types[0] as string } : { or: types.map((t) => is(t)) });
const st = (name: string, contiguity: JsonStage['contiguity'], cond: JsonCond, extra: Partial<JsonStage> = {}): JsonStage => ({ name, contiguity, condition: cond, ...extra });
const loop = { quantifier: 'oneOrMore' } as const;

const LOOPING_INPUT = ['a', 'b1', 'd1', 'b2', 'd2', 'b3', 'c'];
const CONSECUTIVE_INPUT = ['C', 'D', 'A1', 'A2', 'A3', 'D', 'A4', 'B'];
const SKIP_INPUT = ['b1', 'b2', 'b3', 'c'];
const skipPattern = (skip: JsonPattern['skip']): JsonPattern => ({
  stages: [st('b', 'begin', is('b'), { ...loop, consecutive: true }), st('c', 'next', is('c'))],
  skip,
});
const greedyPattern = (skip: JsonPattern['skip']): JsonPattern => ({
  stages: [st('a', 'begin', is('a', 'b', 'c')), st('b', 'next', is('b', 'c')), st('c', 'next', is('c'), { ...loop, greedy: true }), st('d', 'next', is('d'))],
  skip,
});

export const DOC_EXAMPLES: Record<string, DocExample> = {
  // "a pattern "a b", given the event sequence "a", "c", "b1", "b2""
  'contiguity: strict (next)': { pattern: { stages: [st('a', 'begin', is('a')), st('b', 'next', is('b'))] }, events: ['a', 'c', 'b1', 'b2'], matches: [] },
  'contiguity: relaxed (followedBy)': { pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'))] }, events: ['a', 'c', 'b1', 'b2'], matches: ['a b1'] },
  'contiguity: non-deterministic relaxed (followedByAny)': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedByAny', is('b'))] },
    events: ['a', 'c', 'b1', 'b2'],
    matches: ['a b1', 'a b2'],
  },
  // "a pattern sequence "a b+ c" ... with input "a", "b1", "d1", "b2", "d2", "b3" "c""
  'looping contiguity: strict (consecutive)': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedByAny', is('b'), { ...loop, consecutive: true }), st('c', 'next', is('c'))] },
    events: LOOPING_INPUT,
    matches: ['a b3 c'],
  },
  'looping contiguity: relaxed': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedByAny', is('b'), loop), st('c', 'followedBy', is('c'))] },
    events: LOOPING_INPUT,
    matches: ['a b1 c', 'a b1 b2 c', 'a b1 b2 b3 c', 'a b2 c', 'a b2 b3 c', 'a b3 c'],
  },
  'looping contiguity: non-deterministic relaxed (allowCombinations)': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedByAny', is('b'), { ...loop, allowCombinations: true }), st('c', 'followedBy', is('c'))] },
    events: LOOPING_INPUT,
    matches: ['a b1 c', 'a b1 b2 c', 'a b1 b3 c', 'a b1 b2 b3 c', 'a b2 c', 'a b2 b3 c', 'a b3 c'],
  },
  // consecutive(): "for an input sequence: C D A1 A2 A3 D A4 B"
  'consecutive()': {
    pattern: { stages: [st('start', 'begin', is('c')), st('middle', 'followedBy', is('a'), { ...loop, consecutive: true }), st('end1', 'followedBy', is('b'))] },
    events: CONSECUTIVE_INPUT,
    matches: ['C A1 B', 'C A1 A2 B', 'C A1 A2 A3 B'],
  },
  'oneOrMore() without consecutive()': {
    pattern: { stages: [st('start', 'begin', is('c')), st('middle', 'followedBy', is('a'), loop), st('end1', 'followedBy', is('b'))] },
    events: CONSECUTIVE_INPUT,
    matches: ['C A1 B', 'C A1 A2 B', 'C A1 A2 A3 B', 'C A1 A2 A3 A4 B'],
  },
  'allowCombinations()': {
    pattern: { stages: [st('start', 'begin', is('c')), st('middle', 'followedByAny', is('a'), { ...loop, allowCombinations: true }), st('end1', 'followedBy', is('b'))] },
    events: CONSECUTIVE_INPUT,
    matches: [
      'C A1 B', 'C A1 A2 B', 'C A1 A3 B', 'C A1 A4 B', 'C A1 A2 A3 B', 'C A1 A2 A4 B', 'C A1 A3 A4 B', 'C A1 A2 A3 A4 B',
      'C A2 B', 'C A2 A3 B', 'C A2 A4 B', 'C A2 A3 A4 B', 'C A3 B', 'C A3 A4 B', 'C A4 B',
    ],
  },
  // After Match Skip Strategy: "pattern b+ c and a data stream b1 b2 b3 c"
  'skip: NO_SKIP': { pattern: skipPattern({ strategy: 'noSkip' }), events: SKIP_INPUT, matches: ['b1 b2 b3 c', 'b2 b3 c', 'b3 c'] },
  'skip: SKIP_TO_NEXT': { pattern: skipPattern({ strategy: 'skipToNext' }), events: SKIP_INPUT, matches: ['b1 b2 b3 c', 'b2 b3 c', 'b3 c'] },
  'skip: SKIP_PAST_LAST_EVENT': { pattern: skipPattern({ strategy: 'skipPastLastEvent' }), events: SKIP_INPUT, matches: ['b1 b2 b3 c'] },
  'skip: SKIP_TO_FIRST[b]': { pattern: skipPattern({ strategy: 'skipToFirst', stage: 'b' }), events: SKIP_INPUT, matches: ['b1 b2 b3 c', 'b2 b3 c', 'b3 c'] },
  'skip: SKIP_TO_LAST[b]': { pattern: skipPattern({ strategy: 'skipToLast', stage: 'b' }), events: SKIP_INPUT, matches: ['b1 b2 b3 c', 'b3 c'] },
  // "Pattern: (a | b | c) (b | c) c+.greedy d and sequence: a b c1 c2 c3 d"
  'skip: NO_SKIP with greedy c+': { pattern: greedyPattern({ strategy: 'noSkip' }), events: ['a', 'b', 'c1', 'c2', 'c3', 'd'], matches: ['a b c1 c2 c3 d', 'b c1 c2 c3 d', 'c1 c2 c3 d'] },
  'skip: SKIP_TO_FIRST[c] with greedy c+': {
    pattern: greedyPattern({ strategy: 'skipToFirst', stage: 'c' }),
    events: ['a', 'b', 'c1', 'c2', 'c3', 'd'],
    matches: ['a b c1 c2 c3 d', 'c1 c2 c3 d'],
  },
  // "Pattern: a b+ and sequence: a b1 b2 b3"
  'skip: NO_SKIP on a b+': { pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'), loop)] }, events: ['a', 'b1', 'b2', 'b3'], matches: ['a b1', 'a b1 b2', 'a b1 b2 b3'] },
  'skip: SKIP_TO_NEXT on a b+': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'), loop)], skip: { strategy: 'skipToNext' } },
    events: ['a', 'b1', 'b2', 'b3'],
    matches: ['a b1'],
  },
  // Hand-worked: each quantifier.
  'times(2), relaxed inside': { pattern: { stages: [st('a', 'begin', is('a'), { quantifier: 'times', times: 2 })] }, events: ['a1', 'x', 'a2', 'a3'], matches: ['a1 a2', 'a2 a3'] },
  'times(2, 3)': { pattern: { stages: [st('a', 'begin', is('a'), { quantifier: 'times', times: 2, to: 3 })] }, events: ['a1', 'a2', 'a3'], matches: ['a1 a2', 'a1 a2 a3', 'a2 a3'] },
  'timesOrMore(2)': { pattern: { stages: [st('a', 'begin', is('a'), { quantifier: 'timesOrMore', times: 2 })] }, events: ['a1', 'a2', 'a3'], matches: ['a1 a2', 'a1 a2 a3', 'a2 a3'] },
  'times(2).optional()': {
    pattern: { stages: [st('x', 'begin', is('x')), st('a', 'followedBy', is('a'), { quantifier: 'times', times: 2, optional: true }), st('b', 'followedBy', is('b'))] },
    events: ['x', 'a1', 'a2', 'b'],
    matches: ['x a1 a2 b', 'x b'],
  },
  'optional()': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'), { optional: true }), st('c', 'followedBy', is('c'))] },
    events: ['a', 'c1', 'b', 'c2'],
    matches: ['a c1', 'a b c2'],
  },
  'oneOrMore() (not greedy): the next stage may take an event the loop could take': {
    pattern: { stages: [st('a', 'begin', is('a')), st('m', 'followedBy', is('b'), loop), st('e', 'followedBy', is('b', 'c'))] },
    events: ['a', 'b1', 'b2', 'c'],
    matches: ['a b1 b2', 'a b1 b2 c'],
  },
  'oneOrMore().greedy(): the loop takes what it can': {
    pattern: { stages: [st('a', 'begin', is('a')), st('m', 'followedBy', is('b'), { ...loop, greedy: true }), st('e', 'followedBy', is('b', 'c'))] },
    events: ['a', 'b1', 'b2', 'c'],
    matches: ['a b1 b2 c'],
  },
  'oneOrMore() without until()': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'), loop), st('c', 'followedBy', is('c'))] },
    events: ['a', 'b1', 'b2', 'd', 'b3', 'c'],
    matches: ['a b1 c', 'a b1 b2 c', 'a b1 b2 b3 c'],
  },
  'oneOrMore().until(d)': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'), { ...loop, until: is('d') }), st('c', 'followedBy', is('c'))] },
    events: ['a', 'b1', 'b2', 'd', 'b3', 'c'],
    matches: ['a b1 c', 'a b1 b2 c'],
  },
  // Hand-worked: NOT patterns and within.
  'notNext()': {
    pattern: { stages: [st('a', 'begin', is('a')), st('notb', 'notNext', is('b')), st('c', 'followedBy', is('c'))] },
    events: ['a1', 'b', 'a2', 'x', 'c'],
    matches: ['a2 c'],
  },
  'notFollowedBy() between stages': {
    pattern: { stages: [st('a', 'begin', is('a')), st('notb', 'notFollowedBy', is('b')), st('c', 'followedBy', is('c'))] },
    events: ['a1', 'x', 'b', 'c1', 'a2', 'c2'],
    matches: ['a2 c2'],
  },
  'notFollowedBy() at the end, within 5 s': {
    pattern: { stages: [st('a', 'begin', is('a')), st('notb', 'notFollowedBy', is('b'))], within: 5000 },
    events: [
      { id: 'a1', t: 1000 },
      { id: 'a2', t: 2000 },
      { id: 'b', t: 3000 },
      { id: 'a3', t: 10_000 },
      { id: 'x', t: 20_000 },
    ],
    matches: ['a3'],
  },
  'within 5 s: matches inside, timeouts at first event + 5 s (exactly 5 s is too late)': {
    pattern: { stages: [st('a', 'begin', is('a')), st('b', 'followedBy', is('b'))], within: 5000 },
    events: [
      { id: 'a1', t: 1000 },
      { id: 'x', t: 2000 },
      { id: 'b1', t: 4000 },
      { id: 'a2', t: 7000 },
      { id: 'b2', t: 13_000 },
      { id: 'a3', t: 20_000 },
      { id: 'b3', t: 25_000 },
    ],
    matches: ['a1 b1'],
    timeouts: ['a2 @12000', 'a3 @25000'],
  },
  'iterative condition: each b above all earlier b of the match': {
    pattern: {
      stages: [
        st('a', 'begin', is('a')),
        st('middle', 'followedBy', { and: [is('b'), { or: [{ count: 'middle', op: '==', value: 0 }, { field: 'v', op: '>', ref: { stage: 'middle', agg: 'max', field: 'v' } }] }] }, loop),
        st('end', 'followedBy', is('c')),
      ],
    },
    events: ['a', { id: 'b1', v: 1 }, { id: 'b3', v: 3 }, { id: 'b2', v: 2 }, 'c'],
    matches: ['a b1 c', 'a b1 b3 c'],
  },
};

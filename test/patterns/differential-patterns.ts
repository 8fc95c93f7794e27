/**
 * The patterns the differential test runs on both Tributary and Flink CEP 1.20: every contiguity,
 * quantifier and option, `within`, every after-match skip strategy and iterative conditions.
 * Events: types a/b/c/d, a number `v` (0–99), per key (see cep-json.ts).
 */
import type { JsonCond, JsonPattern } from './cep-json.ts';

const type = (t: string): JsonCond => ({ field: 'type', op: '==', value: t });
const S = 1000;

export const DIFFERENTIAL_PATTERNS: Record<string, JsonPattern> = {
  'next (strict contiguity)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'next', condition: type('b') },
    ],
  },
  'followedBy ×2 within 30 s (timeouts)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b') },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
  },
  'followedByAny within 20 s': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedByAny', condition: type('b') },
    ],
    within: 20 * S,
  },
  'notNext in the middle': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'notd', contiguity: 'notNext', condition: type('d') },
      { name: 'b', contiguity: 'followedBy', condition: type('b') },
    ],
    within: 20 * S,
  },
  'notFollowedBy in the middle': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'notc', contiguity: 'notFollowedBy', condition: type('c') },
      { name: 'b', contiguity: 'followedBy', condition: type('b') },
    ],
    within: 20 * S,
  },
  'notFollowedBy at the end (pending until within)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b') },
      { name: 'notd', contiguity: 'notFollowedBy', condition: type('d') },
    ],
    within: 10 * S,
  },
  'times(3) then followedBy': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a'), quantifier: 'times', times: 3 },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
  },
  'times(2, 4) consecutive then next': {
    stages: [
      { name: 'b', contiguity: 'begin', condition: { or: [type('b'), type('a')] }, quantifier: 'times', times: 2, to: 4, consecutive: true },
      { name: 'c', contiguity: 'next', condition: type('c') },
    ],
  },
  'oneOrMore until': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore', until: type('d') },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
  },
  'timesOrMore(2) greedy': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: { or: [type('b'), type('d')] }, quantifier: 'timesOrMore', times: 2, greedy: true },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 20 * S,
  },
  'optional stage': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), optional: true },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 20 * S,
  },
  'times(0, 2) then next': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'd', contiguity: 'followedBy', condition: type('d'), quantifier: 'times', times: 0, to: 2 },
      { name: 'c', contiguity: 'next', condition: type('c') },
    ],
    within: 15 * S,
  },
  'oneOrMore allowCombinations': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore', allowCombinations: true },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 12 * S,
  },
  'iterative conditions (rising values)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      {
        name: 'up',
        contiguity: 'followedBy',
        condition: { and: [{ field: 'v', op: '>', ref: { stage: 'a', agg: 'last', field: 'v' } }, { count: 'up', op: '<', value: 3 }] },
        quantifier: 'oneOrMore',
      },
      { name: 'top', contiguity: 'followedBy', condition: { field: 'v', op: '>=', ref: { stage: 'up', agg: 'max', field: 'v' } } },
    ],
    within: 15 * S,
  },
  'skipToNext': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore' },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
    skip: { strategy: 'skipToNext' },
  },
  'skipPastLastEvent': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore' },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
    skip: { strategy: 'skipPastLastEvent' },
  },
  'skipToFirst(b)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: { or: [type('a'), type('b')] } },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore' },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
    skip: { strategy: 'skipToFirst', stage: 'b' },
  },
  'skipToLast(b)': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: { or: [type('a'), type('b')] } },
      { name: 'b', contiguity: 'followedBy', condition: type('b'), quantifier: 'oneOrMore' },
      { name: 'c', contiguity: 'followedBy', condition: type('c') },
    ],
    within: 30 * S,
    skip: { strategy: 'skipToLast', stage: 'b' },
  },
  'looping begin, consecutive greedy, then next': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: { field: 'v', op: '<', value: 70 }, quantifier: 'oneOrMore', consecutive: true, greedy: true },
      { name: 'b', contiguity: 'next', condition: type('b') },
    ],
    within: 10 * S,
  },
  'followedByAny times(2) with skipPastLastEvent': {
    stages: [
      { name: 'a', contiguity: 'begin', condition: type('a') },
      { name: 'x', contiguity: 'followedByAny', condition: { field: 'v', op: '>', value: 50 }, quantifier: 'times', times: 2 },
      { name: 'd', contiguity: 'followedByAny', condition: type('d') },
    ],
    within: 20 * S,
    skip: { strategy: 'skipPastLastEvent' },
  },
};

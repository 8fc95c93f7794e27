/**
 * The pattern node refuses, at validation, every pattern Flink CEP would refuse to build, and
 * compiles the TypeScript of every stage's condition and `until` (never running it): each
 * problem names the node and the field inside the stage list, code errors with line:column.
 */
import { describe, expect, it } from 'vitest';
import { doc, edge, node, problemsOf } from '../engine/harness.ts';
import { PatternConfig } from '../../engine/nodes/pattern/spec.ts';
import { compileNfa } from '../../engine/nodes/pattern/nfa-compiler.ts';
import { patternModel } from '../../engine/nodes/pattern/pattern-model.ts';
import { shapeOf } from '../../engine/nodes/pattern/operator.ts';

const src = node('src', 'values', { rows: [{ k: 'x', t: 1 }], time: { mode: 'event', field: 't' } });
const keyed = node('by_key', 'keyBy', { key: { fields: ['k'] } });
const sink = node('out', 'previewSink');

function problems(config: Record<string, unknown>, keyedInput = true): ReturnType<typeof problemsOf> {
  const nodes = keyedInput ? [src, keyed, node('p', 'pattern', config), sink] : [src, node('p', 'pattern', config), sink];
  const edges = keyedInput ? [edge('src', 'by_key'), edge('by_key', 'p'), edge('p', 'out')] : [edge('src', 'p'), edge('p', 'out')];
  return problemsOf(doc(nodes, edges)).filter((p) => p.nodeId === 'p');
}

const a = { name: 'a', contiguity: 'begin', condition: 'event.type === "a"' };
const b = { name: 'b', contiguity: 'followedBy', condition: 'event.type === "b"' };

describe('pattern node validation', () => {
  it('accepts a pattern Flink would build', () => {
    expect(problems({ stages: [a, { ...b, quantifier: 'oneOrMore', greedy: true, until: 'event.stop' }], within: '5m', skip: { strategy: 'skipToLast', stage: 'b' } })).toEqual([]);
  });

  it('lists every broken rule at once, each at its stage field, with what Flink says', () => {
    const found = problems({
      stages: [
        { ...a, contiguity: 'next', greedy: true },
        { ...b, name: 'a', quantifier: 'times' },
        { name: 'c', contiguity: 'followedBy', until: 'true', consecutive: true, allowCombinations: true },
        { name: 'd', contiguity: 'notFollowedBy', quantifier: 'oneOrMore' },
      ],
      skip: { strategy: 'skipToFirst', stage: 'nope' },
    }).map((p) => `${p.code} ${p.field}: ${p.message}`);
    expect(found).toEqual([
      'TRB005 stages[0].contiguity: the first stage is "begin" (Pattern.begin)',
      'TRB005 stages[0].greedy: greedy applies to times, oneOrMore and timesOrMore (Flink: "Option not applicable to singleton quantifier")',
      'TRB005 stages[1].name: duplicate stage name "a": names must be unique',
      'TRB005 stages[1].times: times(n) needs "times"',
      'TRB005 stages[2].until: until applies to oneOrMore and timesOrMore only (Flink: "The until condition is only applicable to looping states")',
      'TRB005 stages[2].consecutive: consecutive and allowCombinations exclude each other (Flink: "You can apply either combinations or consecutive, not both!")',
      'TRB005 stages[2].consecutive: consecutive applies to times, oneOrMore and timesOrMore only',
      'TRB005 stages[3].quantifier: a notFollowedBy stage takes no quantifier, optional, greedy, consecutive, allowCombinations or until (Flink: "Option not applicable to NOT pattern")',
      'TRB005 within: a pattern that ends with notFollowedBy needs "within" (Flink: "NotFollowedBy is not supported without windowTime as a last part of a Pattern")',
      'TRB005 skip.stage: no stage "nope" (Flink: "The pattern name specified in AfterMatchSkipStrategy can not be found in the given Pattern")',
    ]);
  });

  it('refuses a NOT stage after an optional one, and an optional stage after a greedy one', () => {
    const found = problems({
      stages: [a, { ...b, optional: true }, { name: 'n', contiguity: 'notNext' }, { name: 'c', contiguity: 'followedBy', quantifier: 'times', times: 2, to: 3, greedy: true }, { name: 'd', contiguity: 'next', optional: true }],
    }).map((p) => p.field);
    expect(found).toEqual(['stages[2].contiguity', 'stages[4].optional']);
  });

  it('refuses stage names that are not identifiers or that are output fields', () => {
    const found = problems({ stages: [{ ...a, name: 'a:0' }, { ...b, name: 'key' }] }).map((p) => `${p.field}: ${p.message}`);
    expect(found).toEqual([
      'stages[0].name: a stage name is letters, digits and _ (it names a field of the match)',
      'stages[1].name: "key" is a field of the output row; choose another stage name',
    ]);
  });

  it('TRB011: a condition that does not compile, with line:column inside that condition', () => {
    const found = problems({ stages: [a, { ...b, condition: 'event.type ===\n  (' }, { name: 'c', contiguity: 'followedBy', quantifier: 'oneOrMore', until: 'event.x >' }] });
    expect(found.map((p) => [p.code, p.field, p.line])).toEqual([
      ['TRB011', 'stages[1].condition', 2],
      ['TRB011', 'stages[2].until', 1],
    ]);
  });

  it('TRB013: runs on a keyed stream (a keyBy upstream or its own key)', () => {
    expect(problems({ stages: [a] }, false).map((p) => p.code)).toEqual(['TRB013']);
    expect(problems({ key: { fields: ['k'] }, stages: [a] }, false)).toEqual([]);
  });
});

describe('pattern node state shape (savepoint compatibility)', () => {
  const shape = (stages: Record<string, unknown>[]): string => {
    const config = PatternConfig.parse({ stages });
    return shapeOf(compileNfa(patternModel(config)), config);
  };
  it('keeps its shape when only code changes, and changes it with the structure', () => {
    const base = shape([a, b]);
    expect(shape([{ ...a, condition: 'event.type === "A"' }, { ...b, condition: '' }])).toBe(base);
    expect(shape([a, { ...b, contiguity: 'next' }])).not.toBe(base);
    expect(shape([a, { ...b, quantifier: 'oneOrMore' }])).not.toBe(base);
    expect(shape([a, b, { name: 'c', contiguity: 'followedBy' }])).not.toBe(base);
  });
});

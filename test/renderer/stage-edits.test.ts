/** The stage editor's edits of a pattern's stage list keep `begin` on the first stage only. */
import { describe, expect, it } from 'vitest';
import { addStage, moveStage, removeStage, updateStage } from '../../renderer/nodes/pattern/stage-edits.ts';

const stages = [
  { name: 'a', contiguity: 'begin', condition: 'x' },
  { name: 'b', contiguity: 'next', condition: 'y', quantifier: 'times', times: 2 },
];

describe('stage list edits', () => {
  it('adds a followedBy stage with a fresh name', () => {
    expect(addStage(stages).map((s) => [s.name, s.contiguity])).toEqual([
      ['a', 'begin'],
      ['b', 'next'],
      ['stage3', 'followedBy'],
    ]);
    expect(addStage([]).map((s) => [s.name, s.contiguity])).toEqual([['stage1', 'begin']]);
  });

  it('makes the new first stage begin when the first is removed or moved down', () => {
    expect(removeStage(stages, 0).map((s) => [s.name, s.contiguity])).toEqual([['b', 'begin']]);
    expect(moveStage(stages, 0, 1).map((s) => [s.name, s.contiguity])).toEqual([
      ['b', 'begin'],
      ['a', 'followedBy'],
    ]);
    expect(moveStage(stages, 0, -1)).toEqual(stages);
  });

  it('updates one stage and drops fields set to undefined', () => {
    expect(updateStage(stages, 1, { quantifier: 'one', times: undefined, optional: true })[1]).toEqual({ name: 'b', contiguity: 'next', condition: 'y', quantifier: 'one', optional: true });
    expect(updateStage(stages, 1, { contiguity: 'begin' })[1]?.contiguity).toBe('followedBy');
  });
});

/**
 * The window join's code on the operator test harness: an expression over `left` and `right`
 * and a full arrow function both build the joined record; a pair whose code throws goes to
 * `errors` (one error record per pair, not counted as an input record).
 */
import { describe, expect, it } from 'vitest';
import { OperatorTestHarness } from '../../../test/harness/operator-harness.ts';

const join = (code: string) => ({
  type: 'windowJoin',
  config: { leftKey: { fields: ['id'] }, rightKey: { fields: ['id'] }, size: 10 },
  code,
});

async function run(code: string): Promise<OperatorTestHarness> {
  const h = await OperatorTestHarness.open(join(code));
  h.processElement({ id: 1, a: 'x' }, 1, 'left');
  h.processElement({ id: 1, b: 'y' }, 2, 'right');
  h.processElement({ id: 1, b: 'z' }, 3, 'right');
  h.endInput();
  return h;
}

describe('windowJoin code', () => {
  it('takes an expression or a full arrow function alike', async () => {
    for (const code of ['({ id: left.id, pair: left.a + right.b })', '(l, r) => ({ id: l.id, pair: l.a + r.b })', 'function (l, r) { return { id: l.id, pair: l.a + r.b }; }']) {
      const h = await run(code);
      expect(h.records().map((r) => r.pair), code).toEqual(['xy', 'xz']);
      expect(h.records('errors'), code).toEqual([]);
      await h.close();
    }
  });

  it('sends each pair whose code throws to errors, beside the balanced input counts', async () => {
    const h = await run('(l, r) => { if (r.b === "z") throw new Error("bad pair"); return { pair: l.a + r.b }; }');
    expect(h.records().map((r) => r.pair)).toEqual(['xy']);
    expect(h.records('errors').map((e) => e.reason)).toEqual(['join code threw Error: bad pair']);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 3, errors: 0, emitted: { errors: 1 }, balanced: true });
    await h.close();
  });
});

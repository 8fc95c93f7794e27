/** The shared comparer of two outputs: multisets, keys (changed rows), order, ignored fields, the text form. */
import { describe, expect, it } from 'vitest';
import { diffRows, keyIdentifiesRows } from '../../engine/pipeline/row-diff.ts';
import { AB_LABELS, rowDiffLines, TEST_LABELS } from '../../engine/pipeline/row-diff-text.ts';

describe('diffRows', () => {
  it('compares as multisets: duplicates count, row order and key order do not', () => {
    const a = [{ x: 1, y: 'a' }, { x: 1, y: 'a' }, { x: 2, y: 'b' }];
    const b = [{ y: 'b', x: 2 }, { x: 1, y: 'a' }];
    const d = diffRows(a, b);
    expect(d.equal).toBe(false);
    expect(d.matched).toBe(2);
    expect(d.onlyA).toEqual({ count: 1, first: [{ x: 1, y: 'a' }] });
    expect(d.onlyB).toEqual({ count: 0, first: [] });
    expect(d.changed.count).toBe(0);
    expect(diffRows([{ a: { p: 1, q: [1, { r: 2, s: 3 }] } }], [{ a: { q: [1, { s: 3, r: 2 }], p: 1 } }]).equal).toBe(true);
  });

  it('with a key, pairs leftovers with equal keys as changed rows and names the differing fields', () => {
    const a = [
      { origin: 'DTW', hour: 0, flights: 2, avg: 20 },
      { origin: 'LAS', hour: 0, flights: 1, avg: 5 },
      { origin: 'SFO', hour: 1, flights: 1, avg: 100 },
    ];
    const b = [
      { origin: 'SFO', hour: 1, flights: 1, avg: 100 },
      { origin: 'DTW', hour: 0, flights: 1, avg: 30, extra: true },
      { origin: 'ORD', hour: 0, flights: 4, avg: 9 },
    ];
    const d = diffRows(a, b, { key: ['origin', 'hour'] });
    expect(d.key).toEqual(['origin', 'hour']);
    expect(d.matched).toBe(1);
    expect(d.changed).toEqual({
      count: 1,
      first: [{ key: { origin: 'DTW', hour: 0 }, a: a[0], b: b[1], fields: ['flights', 'avg', 'extra'] }],
    });
    expect(d.onlyA).toEqual({ count: 1, first: [a[1]] });
    expect(d.onlyB).toEqual({ count: 1, first: [b[2]] });
    // Without the key the same rows are only missing and unexpected.
    const plain = diffRows(a, b);
    expect([plain.onlyA.count, plain.onlyB.count, plain.changed.count]).toEqual([2, 2, 0]);
  });

  it('with ordered, the same rows in another order differ at the first position where they part', () => {
    const a = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(diffRows(a, [{ n: 1 }, { n: 2 }, { n: 3 }], { ordered: true }).equal).toBe(true);
    const d = diffRows(a, [{ n: 1 }, { n: 3 }, { n: 2 }], { ordered: true });
    expect(d.equal).toBe(false);
    expect(d.order).toEqual({ position: 1, a: { n: 2 }, b: { n: 3 } });
    expect(diffRows(a, [{ n: 3 }, { n: 2 }, { n: 1 }]).equal).toBe(true);
  });

  it('leaves ignored fields out on both sides, and keeps only `shown` rows of each kind', () => {
    const d = diffRows([{ id: 1, at: 'x' }], [{ id: 1, at: 'y' }], { ignore: ['at'] });
    expect(d.equal).toBe(true);
    const many = diffRows(Array.from({ length: 12 }, (_, i) => ({ i })), [], { shown: 3 });
    expect(many.onlyA.count).toBe(12);
    expect(many.onlyA.first).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(diffRows(Array.from({ length: 12 }, (_, i) => ({ i })), [], { shown: Infinity }).onlyA.first).toHaveLength(12);
  });

  it('treats -0 as 0 and a caller normalisation as equality', () => {
    expect(diffRows([{ v: -0 }], [{ v: 0 }]).equal).toBe(true);
    const lower = (v: unknown): unknown => (typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.toLowerCase() : x])) : v);
    expect(diffRows([{ s: 'A' }], [{ s: 'a' }], { canonical: lower }).equal).toBe(true);
  });
});

describe('keyIdentifiesRows', () => {
  it('accepts a key only when every row has it and it is unique on each side', () => {
    expect(keyIdentifiesRows(['k'], [{ k: 1 }, { k: 2 }], [{ k: 1 }])).toBe(true);
    expect(keyIdentifiesRows(['k'], [{ k: 1 }, { k: 1 }], [])).toBe(false);
    expect(keyIdentifiesRows(['k'], [{ k: 1 }], [{ j: 1 }])).toBe(false);
    expect(keyIdentifiesRows([], [{ k: 1 }], [])).toBe(false);
  });
});

describe('rowDiffLines', () => {
  it('prints the headline, each kind of row and the changed fields as before → after', () => {
    const d = diffRows([{ k: 'a', n: 1 }, { k: 'b', n: 2 }], [{ k: 'a', n: 5 }, { k: 'c', n: 3 }], { key: ['k'] });
    expect(rowDiffLines('out', d, TEST_LABELS)).toEqual([
      'out: DIFFERENT — 0 equal, 1 missing, 1 unexpected, 1 changed (expected 2 rows, got 2; key k)',
      '  missing:',
      '    {"k":"b","n":2}',
      '  unexpected:',
      '    {"k":"c","n":3}',
      '  changed:',
      '    k=a: n 1 → 5',
    ]);
    expect(rowDiffLines('out', diffRows([{ n: 1 }], [{ n: 1 }]), AB_LABELS)).toEqual(['out: equal — 1 equal, 0 only in A, 0 only in B, 0 changed (A 1 rows, B 1)']);
    const ordered = diffRows([{ n: 1 }, { n: 2 }], [{ n: 2 }, { n: 1 }], { ordered: true });
    expect(rowDiffLines('o', ordered, TEST_LABELS).at(-1)).toBe('  order differs at row 1: expected {"n":1}, got {"n":2}');
  });
});

// Three-valued logic, comparisons, IN, BETWEEN, IS, CASE and COALESCE, with the truth tables
// and examples of Flink's systemFunctions.md (e.g. `1 IN (1, 2, NULL)` is TRUE,
// `4 IN (1, 2, NULL)` is UNKNOWN, `12 BETWEEN NULL AND 10` is FALSE).
import { describe, expect, it } from 'vitest';
import { evalSql } from './helpers.ts';

const B = (v: boolean | null) => ['BOOLEAN', v] as [string, boolean | null];

describe('three-valued logic', () => {
  const cases: [boolean | null, boolean | null, boolean | null, boolean | null][] = [
    // a, b, a AND b, a OR b
    [true, true, true, true],
    [true, false, false, true],
    [true, null, null, true],
    [false, null, false, null],
    [null, null, null, null],
    [false, false, false, false],
  ];
  for (const [a, b, and, or] of cases) {
    it(`${a} AND/OR ${b}`, () => {
      expect(evalSql('a AND b', { a: B(a), b: B(b) })).toBe(and);
      expect(evalSql('a OR b', { a: B(a), b: B(b) })).toBe(or);
      expect(evalSql('b AND a', { a: B(a), b: B(b) })).toBe(and);
    });
  }
  it('NOT keeps UNKNOWN', () => {
    expect(evalSql('NOT a', { a: B(true) })).toBe(false);
    expect(evalSql('NOT a', { a: B(null) })).toBe(null);
  });
  it('IS TRUE / FALSE / UNKNOWN never return NULL', () => {
    expect(evalSql('a IS TRUE', { a: B(null) })).toBe(false);
    expect(evalSql('a IS NOT TRUE', { a: B(null) })).toBe(true);
    expect(evalSql('a IS FALSE', { a: B(false) })).toBe(true);
    expect(evalSql('a IS NOT FALSE', { a: B(null) })).toBe(true);
    expect(evalSql('a IS UNKNOWN', { a: B(null) })).toBe(true);
    expect(evalSql('a IS NOT UNKNOWN', { a: B(false) })).toBe(true);
  });
});

describe('comparisons', () => {
  it('are NULL when a side is NULL', () => {
    expect(evalSql('x = 1', { x: ['INT', null] })).toBe(null);
    expect(evalSql('x <> 1', { x: ['INT', null] })).toBe(null);
  });
  it('widen numerics', () => {
    expect(evalSql('x = 1.0', { x: ['INT', 1] })).toBe(true);
    expect(evalSql('x < 2.5', { x: ['BIGINT', 2] })).toBe(true);
    expect(evalSql('x > 1e0', { x: ['DECIMAL(5, 2)', '1.01'] })).toBe(true);
  });
  it('compare strings by code point (binary), not by locale', () => {
    expect(evalSql("s < 'b'", { s: ['STRING', 'a'] })).toBe(true);
    expect(evalSql("s < 'a'", { s: ['STRING', 'B'] })).toBe(true); // 'B' (66) < 'a' (97)
    expect(evalSql("s < 'b'", { s: ['STRING', 'ab'] })).toBe(true);
    // U+FF5E (one UTF-16 unit) < U+1F600 (a surrogate pair) in code point (and UTF-8 byte) order
    expect(evalSql('s < t', { s: ['STRING', '\uff5e'], t: ['STRING', '\u{1f600}'] })).toBe(true);
  });
  it('follow IEEE for NaN (never equal, never ordered)', () => {
    expect(evalSql('d = d', { d: ['DOUBLE', 'NaN'] })).toBe(false);
    expect(evalSql('d <> d', { d: ['DOUBLE', 'NaN'] })).toBe(true);
    expect(evalSql('d < 1e0', { d: ['DOUBLE', 'NaN'] })).toBe(false);
  });
  it('compare a timestamp with a string by casting the string', () => {
    expect(evalSql("ts > '2001-01-01 00:00:00'", { ts: ['TIMESTAMP(3)', '2001-01-01T00:00:00.001Z'] })).toBe(true);
  });
  it('IS DISTINCT FROM treats NULLs as equal', () => {
    expect(evalSql('x IS DISTINCT FROM 1', { x: ['INT', null] })).toBe(true);
    expect(evalSql('x IS NOT DISTINCT FROM y', { x: ['INT', null], y: ['INT', null] })).toBe(true);
    expect(evalSql('x IS DISTINCT FROM 1', { x: ['INT', 1] })).toBe(false);
  });
});

describe('IN', () => {
  it('follows the documented examples', () => {
    expect(evalSql('4 IN (1, 2, 3)')).toBe(false);
    expect(evalSql('1 IN (1, 2, x)', { x: ['INT', null] })).toBe(true);
    expect(evalSql('4 IN (1, 2, x)', { x: ['INT', null] })).toBe(null);
    expect(evalSql('4 NOT IN (1, 2, 3)')).toBe(true);
    expect(evalSql('1 NOT IN (1, 2, x)', { x: ['INT', null] })).toBe(false);
    expect(evalSql('4 NOT IN (1, 2, x)', { x: ['INT', null] })).toBe(null);
    expect(evalSql('x IN (1, 2)', { x: ['INT', null] })).toBe(null);
  });
  it('compares strings exactly', () => {
    expect(evalSql("s IN ('a', 'b')", { s: ['STRING', 'b'] })).toBe(true);
    expect(evalSql("s IN ('a', 'b')", { s: ['STRING', 'B'] })).toBe(false);
  });
});

describe('BETWEEN', () => {
  it('follows the documented examples', () => {
    expect(evalSql('12 BETWEEN 15 AND 12')).toBe(false);
    expect(evalSql('12 BETWEEN SYMMETRIC 15 AND 12')).toBe(true);
    expect(evalSql('12 BETWEEN 10 AND x', { x: ['INT', null] })).toBe(null);
    expect(evalSql('12 BETWEEN x AND 10', { x: ['INT', null] })).toBe(false);
    expect(evalSql('12 BETWEEN SYMMETRIC x AND 12', { x: ['INT', null] })).toBe(null);
    expect(evalSql('12 NOT BETWEEN 15 AND 12')).toBe(true);
    expect(evalSql('12 NOT BETWEEN SYMMETRIC 15 AND 12')).toBe(false);
    expect(evalSql('12 NOT BETWEEN x AND 15', { x: ['INT', null] })).toBe(null);
    expect(evalSql('12 NOT BETWEEN 15 AND x', { x: ['INT', null] })).toBe(true);
    expect(evalSql('12 NOT BETWEEN SYMMETRIC 12 AND x', { x: ['INT', null] })).toBe(null);
  });
});

describe('CASE, COALESCE, NULLIF, IF', () => {
  it('takes the first TRUE branch; NULL conditions do not match', () => {
    const c = "CASE WHEN x > 10 THEN 'big' WHEN x > 5 THEN 'mid' ELSE 'small' END";
    expect(evalSql(c, { x: ['INT', 11] })).toBe('big');
    expect(evalSql(c, { x: ['INT', 6] })).toBe('mid');
    expect(evalSql(c, { x: ['INT', null] })).toBe('small');
  });
  it('is NULL without ELSE when nothing matches', () => {
    expect(evalSql('CASE WHEN x > 10 THEN 1 END', { x: ['INT', 1] })).toBe(null);
  });
  it('simple CASE compares with =', () => {
    const c = "CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END";
    expect(evalSql(c, { x: ['INT', 2] })).toBe('two');
    expect(evalSql(c, { x: ['INT', null] })).toBe('many');
  });
  it('keeps different-length string results unpadded (VARCHAR common type)', () => {
    expect(evalSql("CASE WHEN x THEN 'a' ELSE 'bbb' END", { x: B(true) })).toBe('a');
  });
  it('COALESCE returns the first non-NULL value', () => {
    expect(evalSql('COALESCE(x, y, 3)', { x: ['INT', null], y: ['INT', null] })).toBe(3);
    expect(evalSql('COALESCE(x, y, 3)', { x: ['INT', null], y: ['INT', 2] })).toBe(2);
  });
  it('NULLIF and IF', () => {
    expect(evalSql('NULLIF(5, 5)')).toBe(null);
    expect(evalSql('NULLIF(5, 0)')).toBe(5);
    expect(evalSql('IF(5 > 3, 5, 3)')).toBe(5);
  });
});

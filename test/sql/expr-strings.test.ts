// String functions and LIKE, with expectations from Flink's systemFunctions.md examples and
// from the Java implementations Flink calls (BinaryStringDataUtil.substringSQL, trim, …).
import { describe, expect, it } from 'vitest';
import { evalSql, expectRuntimeError, problemsOf, typeOf } from './helpers.ts';

const S = (v: string | null) => ['STRING', v] as [string, string | null];

describe('basic string functions', () => {
  it('UPPER, LOWER, CHAR_LENGTH (code points)', () => {
    expect(evalSql("UPPER('hello')")).toBe('HELLO');
    expect(evalSql("LOWER('ABC')")).toBe('abc');
    expect(evalSql('UPPER(s)', { s: S(null) })).toBe(null);
    expect(evalSql("CHAR_LENGTH('hello')")).toBe(5);
    expect(evalSql('CHAR_LENGTH(s)', { s: S('\u{1f600}a') })).toBe(2);
    expect(typeOf("CHAR_LENGTH('x')")).toBe('INT NOT NULL');
  });
  it('SUBSTRING counts from 1, from the end when negative, from the start at 0', () => {
    expect(evalSql("SUBSTRING('hello' FROM 2 FOR 3)")).toBe('ell');
    expect(evalSql("SUBSTRING('hello', 2, 3)")).toBe('ell');
    expect(evalSql("SUBSTRING('hello', 0, 2)")).toBe('he');
    expect(evalSql("SUBSTRING('hello', -2)")).toBe('lo');
    expect(evalSql("SUBSTRING('hello', -10, 2)")).toBe('');
    expect(evalSql("SUBSTRING('hello', 10)")).toBe('');
    expect(evalSql("SUBSTRING('hello', 2, -1)")).toBe(null);
    expect(evalSql("SUBSTR('hello', 2)")).toBe('ello');
    expect(evalSql('SUBSTRING(s, 2, 1)', { s: S('\u{1f600}ab') })).toBe('a');
    expect(typeOf("SUBSTRING(s, 2)", { s: 'VARCHAR(10)' })).toBe('VARCHAR(10)');
  });
  it('CONCAT, ||, CONCAT_WS', () => {
    expect(evalSql("CONCAT('AA', 'BB', 'CC')")).toBe('AABBCC');
    expect(evalSql("CONCAT('a', s)", { s: S(null) })).toBe(null);
    expect(evalSql("'a' || 'b'")).toBe('ab');
    expect(typeOf("'a' || 'bc'")).toBe('CHAR(3) NOT NULL');
    expect(evalSql("CONCAT_WS('~', 'AA', s, 'BB', '', 'CC')", { s: S(null) })).toBe('AA~BB~~CC');
    expect(evalSql("CONCAT_WS(s, 'a', 'b')", { s: S(null) })).toBe(null);
  });
  it('TRIM removes any of the given characters', () => {
    expect(evalSql("TRIM('  x  ')")).toBe('x');
    expect(evalSql("TRIM(BOTH 'x' FROM 'xxaxx')")).toBe('a');
    expect(evalSql("TRIM(LEADING 'x' FROM 'xxaxx')")).toBe('axx');
    expect(evalSql("TRIM(TRAILING 'x' FROM 'xxaxx')")).toBe('xxa');
    expect(evalSql("TRIM(BOTH 'ab' FROM 'abcba')")).toBe('c');
    expect(evalSql("TRIM(LEADING FROM '  a  ')")).toBe('a  ');
    expect(evalSql("LTRIM(' a ')")).toBe('a ');
    expect(evalSql("RTRIM(' a ')")).toBe(' a');
  });
  it('REPLACE replaces every occurrence, left to right', () => {
    expect(evalSql("REPLACE('hello world', 'world', 'flink')")).toBe('hello flink');
    expect(evalSql("REPLACE('ababab', 'abab', 'z')")).toBe('zab');
    expect(evalSql("REPLACE('a.b.c', '.', '$')")).toBe('a$b$c');
  });
  it('POSITION, LEFT, RIGHT, LPAD, RPAD', () => {
    expect(evalSql("POSITION('b' IN 'abc')")).toBe(2);
    expect(evalSql("POSITION('x' IN 'abc')")).toBe(0);
    expect(evalSql("LEFT('hello', 2)")).toBe('he');
    expect(evalSql("LEFT('hello', -1)")).toBe('');
    expect(evalSql("RIGHT('hello', 2)")).toBe('lo');
    expect(evalSql("LPAD('hi', 4, '??')")).toBe('??hi');
    expect(evalSql("LPAD('hi', 1, '??')")).toBe('h');
    expect(evalSql("RPAD('hi', 4, '??')")).toBe('hi??');
    expect(evalSql("RPAD('hi', 1, '??')")).toBe('h');
  });
});

describe('regular expressions and SPLIT_INDEX', () => {
  it('REGEXP_EXTRACT picks a group of the first match, NULL otherwise', () => {
    expect(evalSql("REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2)")).toBe('bar');
    expect(evalSql("REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 1)")).toBe('the');
    expect(evalSql("REGEXP_EXTRACT('foothebar', 'o+')")).toBe('oo');
    expect(evalSql("REGEXP_EXTRACT('foothebar', 'x(.)', 1)")).toBe(null);
    expect(evalSql("REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 3)")).toBe(null);
    expect(evalSql("REGEXP_EXTRACT('foothebar', '(', 0)")).toBe(null);
    expect(evalSql("REGEXP_EXTRACT('ABC', '(?i)b')")).toBe('B');
  });
  it('REGEXP_REPLACE replaces every match literally', () => {
    expect(evalSql("REGEXP_REPLACE('foobar', 'oo|ar', '')")).toBe('fb');
    expect(evalSql("REGEXP_REPLACE('a1b2', '[0-9]', '$0')")).toBe('a$0b$0');
  });
  it('SPLIT_INDEX keeps empty parts and is NULL out of range', () => {
    expect(evalSql("SPLIT_INDEX('Jack,John,Mary', ',', 2)")).toBe('Mary');
    expect(evalSql("SPLIT_INDEX('Jack,John,Mary', ',', 3)")).toBe(null);
    expect(evalSql("SPLIT_INDEX('Jack,John,Mary', ',', -1)")).toBe(null);
    expect(evalSql("SPLIT_INDEX('a,,b', ',', 1)")).toBe('');
    expect(evalSql("SPLIT_INDEX('ab-!-cd-!-ef', '-!-', 1)")).toBe('cd');
  });
});

describe('LIKE', () => {
  it('matches % and _ over the whole string', () => {
    expect(evalSql("s LIKE 'a%'", { s: S('abc') })).toBe(true);
    expect(evalSql("s LIKE 'a_c'", { s: S('abc') })).toBe(true);
    expect(evalSql("s LIKE '_b'", { s: S('abc') })).toBe(false);
    expect(evalSql("s LIKE 'a.c'", { s: S('abc') })).toBe(false);
    expect(evalSql("s LIKE 'a.c'", { s: S('a.c') })).toBe(true);
    expect(evalSql("s NOT LIKE '%c'", { s: S('abc') })).toBe(false);
    expect(evalSql("s LIKE 'a%'", { s: S(null) })).toBe(null);
  });
  it('lets % cross line breaks but not _', () => {
    expect(evalSql("s LIKE 'a%b'", { s: S('a\nb') })).toBe(true);
    expect(evalSql("s LIKE 'a_b'", { s: S('a\nb') })).toBe(false);
  });
  it('honours ESCAPE for %, _ and the escape itself', () => {
    expect(evalSql("s LIKE 'a!%c' ESCAPE '!'", { s: S('a%c') })).toBe(true);
    expect(evalSql("s LIKE 'a!%c' ESCAPE '!'", { s: S('abc') })).toBe(false);
    expect(evalSql("s LIKE 'a!_c' ESCAPE '!'", { s: S('a_c') })).toBe(true);
    expect(evalSql("s LIKE 'a!!c' ESCAPE '!'", { s: S('a!c') })).toBe(true);
    expect(evalSql("s LIKE 'a\\%' ESCAPE '\\'", { s: S('a%') })).toBe(true);
    // without ESCAPE a backslash is an ordinary character
    expect(evalSql("s LIKE 'a\\_'", { s: S('a\\x') })).toBe(true);
  });
  it('refuses an invalid escape sequence in a literal pattern, as Flink does while planning', () => {
    expect(problemsOf("SELECT origin LIKE 'a!bc' ESCAPE '!' FROM flights")).toEqual([
      "1:8 LIKE: Invalid escape sequence 'a!bc', 1",
    ]);
    expect(problemsOf("SELECT origin LIKE 'a' ESCAPE '!!' FROM flights")).toEqual([
      "1:8 LIKE: Invalid escape character '!!': the escape must be one character.",
    ]);
  });
  it('fails at run time for an invalid escape sequence in a computed pattern', () => {
    expectRuntimeError("s LIKE p ESCAPE '!'", "Invalid escape sequence 'a!b', 1", { s: S('ab'), p: S('a!b') });
  });
});

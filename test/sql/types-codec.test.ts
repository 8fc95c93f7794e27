// Type strings (as sources declare them), Flink's type names, and the JSON encoding of values
// for input and output records.
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, formatType, parseSqlType, T } from '../../engine/sql/index.ts';
import { SqlRuntimeError } from '../../engine/sql/runtime-error.ts';
import { evalSql } from './helpers.ts';

function typeText(s: string): string {
  const r = parseSqlType(s);
  return r.ok ? formatType(r.type) : `error: ${r.message}`;
}

describe('type strings', () => {
  it('parses Flink types with their defaults', () => {
    expect(typeText('BIGINT')).toBe('BIGINT');
    expect(typeText('integer')).toBe('INT');
    expect(typeText('DECIMAL(10,2)')).toBe('DECIMAL(10, 2)');
    expect(typeText('DECIMAL')).toBe('DECIMAL(10, 0)');
    expect(typeText('VARCHAR')).toBe('VARCHAR(1)');
    expect(typeText('STRING')).toBe('STRING');
    expect(typeText('VARCHAR(2147483647)')).toBe('STRING');
    expect(typeText('BYTES')).toBe('BYTES');
    expect(typeText('TIMESTAMP')).toBe('TIMESTAMP(6)');
    expect(typeText('TIMESTAMP(3) WITH LOCAL TIME ZONE')).toBe('TIMESTAMP_LTZ(3)');
    expect(typeText('TIME')).toBe('TIME(0)');
    expect(typeText('ARRAY<STRING>')).toBe('ARRAY<STRING>');
    expect(typeText('MAP<STRING, ARRAY<INT>>')).toBe('MAP<STRING, ARRAY<INT>>');
    expect(typeText('ROW<a INT, b STRING>')).toBe('ROW<`a` INT, `b` STRING>');
    expect(typeText('STRING NOT NULL')).toBe('STRING NOT NULL');
  });
  it('refuses what is not a type, or not one the sql node supports', () => {
    expect(typeText('FOO')).toMatch(/^error: 'FOO' is not a SQL type/);
    expect(typeText('INT INT')).toBe("error: 'INT INT' is not a SQL type.");
    expect(typeText('DECIMAL(50, 2)')).toBe("error: 'DECIMAL(50, 2)': Decimal precision must be between 1 and 38 (both inclusive).");
    expect(typeText('MULTISET<INT>')).toBe("error: 'MULTISET<INT>': Type MULTISET is not supported by the sql node.");
    expect(typeText('TIMESTAMP(3) WITH TIME ZONE')).toMatch(/TIMESTAMP WITH TIME ZONE is not supported by Flink/);
  });
});

describe('JSON encoding of output values', () => {
  it('writes timestamps as ISO-8601 UTC with milliseconds and Z', () => {
    // 2001-01-01 is day 11323 of the epoch; 06:00 adds 21600000 ms
    const ms = 11323 * 86400000 + 6 * 3600000;
    expect(encodeValue(T.timestampLtz(3), ms)).toBe('2001-01-01T06:00:00.000Z');
    expect(encodeValue(T.timestamp(3), ms)).toBe('2001-01-01T06:00:00.000Z');
    expect(encodeValue(T.timestamp(3), -1)).toBe('1969-12-31T23:59:59.999Z');
  });
  it('writes DECIMAL as a string with its scale, BIGINT as a number while safe', () => {
    expect(encodeValue(T.decimal(10, 2), { unscaled: 1250n, scale: 2 })).toBe('12.50');
    expect(encodeValue(T.decimal(10, 3), { unscaled: -5n, scale: 3 })).toBe('-0.005');
    expect(encodeValue(T.bigint(), 42n)).toBe(42);
    expect(encodeValue(T.bigint(), 2n ** 60n)).toBe('1152921504606846976');
  });
  it('writes the other types naturally', () => {
    expect(encodeValue(T.date(), 11323)).toBe('2001-01-01');
    expect(encodeValue(T.time(0), 3723000)).toBe('01:02:03');
    expect(encodeValue(T.double(), Number.NaN)).toBe('NaN');
    expect(encodeValue(T.float(), Math.fround(0.1))).toBe(0.1);
    expect(encodeValue(T.array(T.int()), [1, null])).toEqual([1, null]);
    expect(encodeValue(T.row([{ name: 'a', type: T.int() }, { name: 'b', type: T.string() }]), [1, 'x'])).toEqual({ a: 1, b: 'x' });
    expect(encodeValue(T.map(T.string(), T.bigint()), new Map([['k', 3n]]))).toEqual({ k: 3 });
    expect(encodeValue(T.bytes(), new Uint8Array([104, 105]))).toBe('aGk=');
  });
});

describe('reading input values', () => {
  it('accepts the forms sources produce', () => {
    expect(decodeValue(T.bigint(), 7)).toBe(7n);
    expect(decodeValue(T.bigint(), '9223372036854775807')).toBe(9223372036854775807n);
    expect(decodeValue(T.decimal(5, 2), 1.005)).toEqual({ unscaled: 101n, scale: 2 }); // 1.005 rounds HALF_UP to 1.01
    expect(decodeValue(T.timestampLtz(3), '2001-01-01T06:00:00+01:00')).toBe(11323 * 86400000 + 5 * 3600000);
    expect(decodeValue(T.timestampLtz(3), 1000)).toBe(1000);
    expect(decodeValue(T.string(), 42)).toBe('42');
    expect(decodeValue(T.date(), '2001-01-01')).toBe(11323);
  });
  it('refuses a value that does not fit its column', () => {
    expect(() => decodeValue(T.int(false), null)).toThrowError(SqlRuntimeError);
    expect(() => decodeValue(T.int(), 2 ** 31)).toThrowError('Cannot read 2147483648 as INT: out of range.');
    expect(() => decodeValue(T.int(), 'x')).toThrowError("Cannot read 'x' as INT.");
    expect(() => decodeValue(T.decimal(3, 2), '123.4')).toThrowError('too many digits');
  });
});

describe('lexical details', () => {
  it('reads a backslash in a string literally, as Flink does', () => {
    expect(evalSql("'C:\\'")).toBe('C:\\');
    expect(evalSql("CHAR_LENGTH('a\\b')")).toBe(3);
  });
  it('reads doubled quotes and backquoted names', () => {
    expect(evalSql("'it''s'")).toBe("it's");
    expect(evalSql('`my col` + 1', { 'my col': ['INT', 1] })).toBe(2);
  });
});

// CAST and TRY_CAST, with expectations taken from Flink's own CastFunctionITCase (legacy cast
// behaviour disabled, as in 1.20) and from Java's conversion rules.
import { describe, expect, it } from 'vitest';
import { evalSql, expectRuntimeError, problemsOf, typeOf } from './helpers.ts';

describe('string to number', () => {
  it('parses integers, dropping a fraction', () => {
    expect(evalSql("CAST('123' AS INT)")).toBe(123);
    expect(evalSql("CAST('1.234' AS INT)")).toBe(1);
    expect(evalSql("CAST('-3276913443134' AS BIGINT)")).toBe(-3276913443134);
    expect(evalSql("CAST('1.234' AS TINYINT)")).toBe(1);
  });
  it('fails like Flink on bad input or overflow', () => {
    expectRuntimeError("CAST('Apache' AS INT)", "For input string: 'Apache'. Invalid character found.");
    expectRuntimeError("CAST('-3276913443134' AS INT)", 'Overflow.');
    expectRuntimeError("CAST('-130' AS TINYINT)", 'Overflow.');
    expectRuntimeError("CAST(' 1' AS INT)", 'Invalid character found.');
    expectRuntimeError("CAST('' AS INT)", 'Input is empty.');
  });
  it('TRY_CAST gives NULL instead', () => {
    expect(evalSql("TRY_CAST('Apache' AS INT)")).toBe(null);
    expect(evalSql("TRY_CAST('42' AS INT)")).toBe(42);
    expect(evalSql("COALESCE(TRY_CAST('non-number' AS INT), 0)")).toBe(0);
    expect(typeOf("TRY_CAST('42' AS INT)")).toBe('INT');
    expect(typeOf("CAST('42' AS INT)")).toBe('INT NOT NULL');
  });
  it('parses doubles as Java does', () => {
    expect(evalSql("CAST('1.234' AS DOUBLE)")).toBe(1.234);
    expect(evalSql("CAST(' 2.5 ' AS DOUBLE)")).toBe(2.5);
    expect(evalSql("CAST('1e3' AS DOUBLE)")).toBe(1000);
    expectRuntimeError("CAST('Flink' AS DOUBLE)", "For input string: 'Flink'.");
  });
  it('parses decimals with HALF_UP rounding and fails on overflow', () => {
    expect(evalSql("CAST('1.2' AS DECIMAL(5, 3))")).toBe('1.200');
    expect(evalSql("CAST('1.23456' AS DECIMAL(8, 4))")).toBe('1.2346');
    expectRuntimeError("CAST('12345.6789' AS DECIMAL(8, 4))", 'Overflow.');
  });
  it('parses booleans from t/true/y/yes/1 and f/false/n/no/0', () => {
    expect(evalSql("CAST('FalsE' AS BOOLEAN)")).toBe(false);
    expect(evalSql("CAST('yes' AS BOOLEAN)")).toBe(true);
    expectRuntimeError("CAST('foo' AS BOOLEAN)", "Cannot parse 'foo' as BOOLEAN.");
  });
});

describe('between numerics', () => {
  it('narrows integers by wrapping', () => {
    expect(evalSql('CAST(1234567 AS TINYINT)')).toBe(-121);
    expect(evalSql('CAST(1234567 AS SMALLINT)')).toBe(-10617);
    expect(evalSql('CAST(x AS INT)', { x: ['BIGINT', 12345678901] })).toBe(-539222987);
  });
  it('truncates doubles through long, then wraps', () => {
    expect(evalSql('CAST(123.456789e0 AS TINYINT)')).toBe(123);
    expect(evalSql('CAST(-123.456789e0 AS INT)')).toBe(-123);
    expect(evalSql('CAST(123456.789e0 AS SMALLINT)')).toBe(-7616);
    expect(evalSql('CAST(9234567891.12345e0 AS INT)')).toBe(644633299);
    expect(evalSql('CAST(9234567891.12345e0 AS BIGINT)')).toBe(9234567891);
    expect(evalSql("CAST(CAST('NaN' AS DOUBLE) AS INT)")).toBe(0);
  });
  it('truncates decimals, then wraps', () => {
    expect(evalSql('CAST(CAST(9.87 AS DECIMAL(4, 3)) AS TINYINT)')).toBe(9);
    expect(evalSql('CAST(CAST(9123.87 AS DECIMAL(10, 3)) AS TINYINT)')).toBe(-93);
    expect(evalSql('CAST(CAST(-3.99 AS DECIMAL(4, 2)) AS INT)')).toBe(-3);
  });
  it('rounds to DECIMAL HALF_UP and gives NULL when it does not fit', () => {
    expect(evalSql('CAST(3.123456e0 AS DECIMAL(8, 4))')).toBe('3.1235');
    expect(evalSql('CAST(12.34561234 AS DECIMAL(8, 4))')).toBe('12.3456');
    expect(evalSql('CAST(12345 AS DECIMAL(8, 4))')).toBe(null);
    expect(evalSql('CAST(-2.5 AS DECIMAL(2, 0))')).toBe('-3');
  });
  it('converts to and from BOOLEAN', () => {
    expect(evalSql('CAST(TRUE AS DECIMAL(5, 3))')).toBe('1.000');
    expect(evalSql('CAST(0 AS BOOLEAN)')).toBe(false);
    expect(evalSql('CAST(-5 AS BOOLEAN)')).toBe(true);
  });
});

describe('to strings', () => {
  it('prints as Flink does', () => {
    expect(evalSql('CAST(TRUE AS STRING)')).toBe('TRUE');
    expect(evalSql('CAST(CAST(9.87 AS DECIMAL(4, 3)) AS STRING)')).toBe('9.870');
    expect(evalSql('CAST(CAST(123.456 AS FLOAT) AS STRING)')).toBe('123.456');
    expect(evalSql('CAST(123.456789e0 AS STRING)')).toBe('123.456789');
    expect(evalSql('CAST(100e0 AS STRING)')).toBe('100.0');
    expect(evalSql('CAST(1e7 AS STRING)')).toBe('1.0E7');
    expect(evalSql('CAST(0.0001234e0 AS STRING)')).toBe('1.234E-4');
    expect(evalSql("CAST(DATE '2021-09-24' AS STRING)")).toBe('2021-09-24');
    expect(evalSql("CAST(TIME '12:34:56' AS STRING)")).toBe('12:34:56');
    expect(evalSql("CAST(CAST('2021-09-24 12:34:56.1' AS TIMESTAMP(3)) AS STRING)")).toBe('2021-09-24 12:34:56.100');
    expect(evalSql("CAST(CAST('2021-09-24 12:34:56.1234' AS TIMESTAMP(4)) AS STRING)")).toBe('2021-09-24 12:34:56.1230');
  });
  it('truncates to VARCHAR(n) and pads CHAR(n)', () => {
    expect(evalSql("CAST('abcdef' AS VARCHAR(3))")).toBe('abc');
    expect(evalSql("CAST('abcdef' AS CHAR(3))")).toBe('abc');
    expect(evalSql("CAST('foo' AS CHAR(5))")).toBe('foo  ');
    expect(evalSql("CAST(DATE '2021-09-24' AS CHAR(3))")).toBe('202');
  });
});

describe('temporal', () => {
  it('parses dates and timestamps from strings', () => {
    expect(evalSql("CAST('2021-09-27' AS DATE)")).toBe('2021-09-27');
    expect(evalSql("CAST('2021-09-27 12:34:56.123456789' AS DATE)")).toBe('2021-09-27');
    expect(evalSql("CAST('123' AS DATE)")).toBe('0123-01-01');
    expectRuntimeError("CAST('2021/09/27' AS DATE)", "For input string: '2021/09/27'.");
    expect(evalSql("CAST('2021-09-27' AS TIMESTAMP(3))")).toBe('2021-09-27T00:00:00.000Z');
    expect(evalSql("CAST('2021-09-27 12:34:56.123456789' AS TIMESTAMP(9))")).toBe('2021-09-27T12:34:56.123Z');
    expectRuntimeError("CAST('123' AS TIMESTAMP(3))", "For input string: '123'.");
  });
  it('converts between DATE, TIME and timestamps in UTC', () => {
    expect(evalSql("CAST(TIMESTAMP '2021-09-24 12:34:56' AS DATE)")).toBe('2021-09-24');
    expect(evalSql("CAST(TIMESTAMP '2021-09-24 12:34:56.123' AS TIME)")).toBe('12:34:56');
    expect(evalSql("CAST(DATE '2021-09-24' AS TIMESTAMP(3))")).toBe('2021-09-24T00:00:00.000Z');
    expect(evalSql("CAST(TIME '12:34:56' AS TIMESTAMP(3))")).toBe('1970-01-01T12:34:56.000Z');
    expect(evalSql('CAST(rowtime AS TIMESTAMP(0))')).toBe('1970-01-01T00:00:00.000Z');
  });
  it('refuses numeric <-> timestamp like Flink', () => {
    expect(problemsOf('SELECT CAST(delay AS TIMESTAMP(3)) FROM flights')[0]).toContain("It's recommended to use TO_TIMESTAMP");
    expect(problemsOf('SELECT CAST(rowtime AS BIGINT) FROM flights')[0]).toContain('The cast from TIMESTAMP_LTZ type to NUMERIC type is not allowed.');
  });
});

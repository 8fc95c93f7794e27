// Arithmetic as Flink's generated Java computes it: integer types wrap (Java int/long
// arithmetic cast back to the result type), integer division truncates toward zero, `/ by zero`
// fails, `%` takes the dividend's sign and the type of its second operand, DECIMAL is exact
// with the result type of LogicalTypeMerging (NULL on overflow), DOUBLE follows IEEE.
import { describe, expect, it } from 'vitest';
import { evalSql, expectRuntimeError, typeOf } from './helpers.ts';

describe('integer arithmetic', () => {
  it('wraps INT on overflow', () => {
    expect(evalSql('x + 1', { x: ['INT', 2147483647] })).toBe(-2147483648);
    expect(evalSql('x * x', { x: ['INT', 65536] })).toBe(0); // 2^32 wraps to 0
    expect(evalSql('x - 1', { x: ['INT', -2147483648] })).toBe(2147483647);
    expect(evalSql('-x', { x: ['INT', -2147483648] })).toBe(-2147483648);
  });
  it('wraps SMALLINT and TINYINT in their own type', () => {
    expect(evalSql('x + y', { x: ['SMALLINT', 32767], y: ['SMALLINT', 1] })).toBe(-32768);
    expect(evalSql('x * y', { x: ['TINYINT', 100], y: ['TINYINT', 3] })).toBe(44); // 300 - 256
    expect(typeOf('x + 1', { x: 'SMALLINT' })).toBe('INT'); // the literal 1 is an INT
    expect(evalSql('x + 1', { x: ['SMALLINT', 32767] })).toBe(32768);
  });
  it('wraps BIGINT on overflow (written as a string when beyond 2^53)', () => {
    expect(evalSql('x + 1', { x: ['BIGINT', '9223372036854775807'] })).toBe('-9223372036854775808');
    expect(evalSql('x * 2', { x: ['BIGINT', '4611686018427387904'] })).toBe('-9223372036854775808');
  });
  it('INT + BIGINT is BIGINT and does not wrap at 32 bits', () => {
    expect(typeOf('x + y', { x: 'INT', y: 'BIGINT' })).toBe('BIGINT');
    expect(evalSql('x + y', { x: ['INT', 2147483647], y: ['BIGINT', 1] })).toBe(2147483648);
  });
  it('truncates integer division toward zero', () => {
    expect(evalSql('7 / 2')).toBe(3);
    expect(evalSql('-7 / 2')).toBe(-3);
    expect(evalSql('x / 2', { x: ['BIGINT', -7] })).toBe(-3);
    expect(typeOf('7 / 2')).toBe('INT NOT NULL');
  });
  it('fails on integer division by zero, as Java does', () => {
    expectRuntimeError('x / 0', '/ by zero', { x: ['INT', 1] });
    expectRuntimeError('x % 0', '/ by zero', { x: ['BIGINT', 1] });
    expectRuntimeError('MOD(x, 0)', '/ by zero', { x: ['INT', 1] });
  });
  it('gives % the sign of the dividend and the type of the divisor', () => {
    expect(evalSql('7 % -2')).toBe(1);
    expect(evalSql('-7 % 2')).toBe(-1);
    expect(evalSql('MOD(-7, 3)')).toBe(-1);
    // 10^10 mod 7 = 4 (10 ≡ 3, 3^10 = 3^6·3^4 ≡ 81 ≡ 4)
    expect(evalSql('x % y', { x: ['BIGINT', 10000000000], y: ['INT', 7] })).toBe(4);
    expect(typeOf('x % y', { x: 'BIGINT', y: 'INT' })).toBe('INT');
  });
});

describe('approximate arithmetic', () => {
  it('DOUBLE follows IEEE 754', () => {
    expect(evalSql('0.1e0 + 0.2e0')).toBe(0.30000000000000004);
    expect(evalSql('1e0 / 0')).toBe('Infinity');
    expect(evalSql('-1e0 / 0')).toBe('-Infinity');
  });
  it('FLOAT rounds to 32 bits', () => {
    // fround(0.1) + fround(0.2) = 0.30000000447..., rounded to a float 0.3000000119..., shortest "0.3"
    expect(evalSql('CAST(0.1 AS FLOAT) + CAST(0.2 AS FLOAT)')).toBe(0.3);
    expect(typeOf('CAST(1 AS FLOAT) + 1')).toBe('FLOAT NOT NULL');
    expect(typeOf('CAST(1 AS FLOAT) + 1.5')).toBe('DOUBLE NOT NULL');
  });
});

describe('DECIMAL arithmetic', () => {
  it('adds exactly with scale max(s1, s2)', () => {
    expect(evalSql('1.10 + 2.205')).toBe('3.305');
    expect(typeOf('1.10 + 2.205')).toBe('DECIMAL(5, 3) NOT NULL');
  });
  it('divides with scale max(6, s1 + p2 + 1), rounding HALF_UP', () => {
    // DECIMAL(10,2) / INT(=DECIMAL(10,0)): scale max(6, 2+10+1) = 13, precision 10-2+0+13 = 21
    expect(typeOf('d / 3', { d: 'DECIMAL(10, 2)' })).toBe('DECIMAL(21, 13)');
    expect(evalSql('d / 3', { d: ['DECIMAL(10, 2)', '10.00'] })).toBe('3.3333333333333');
    expect(evalSql('d / 3', { d: ['DECIMAL(10, 2)', '2.00'] })).toBe('0.6666666666667');
    expect(evalSql('d / -3', { d: ['DECIMAL(10, 2)', '2.00'] })).toBe('-0.6666666666667');
  });
  it('multiplies with (p1 + p2 + 1, s1 + s2)', () => {
    expect(typeOf('d * d', { d: 'DECIMAL(10, 2)' })).toBe('DECIMAL(21, 4)');
    expect(evalSql('d * d', { d: ['DECIMAL(10, 2)', '1.25'] })).toBe('1.5625');
  });
  it('gives NULL when the result does not fit DECIMAL(38, s)', () => {
    // 10^38 - 1 times 10 needs 39 digits; the type is DECIMAL(38, 0)
    expect(typeOf('d * 10', { d: 'DECIMAL(38, 0)' })).toBe('DECIMAL(38, 0)');
    expect(evalSql('d * 10', { d: ['DECIMAL(38, 0)', '9'.repeat(38)] })).toBe(null);
  });
  it('fails on decimal division by zero', () => {
    expectRuntimeError('d / 0', 'Division by zero', { d: ['DECIMAL(10, 2)', '1.00'] });
  });
  it('takes the dividend sign for %', () => {
    expect(evalSql('d % 2', { d: ['DECIMAL(5, 1)', '-7.5'] })).toBe('-1.5');
  });
});

describe('temporal arithmetic', () => {
  it('moves timestamps by day-time and year-month intervals', () => {
    expect(evalSql("ts + INTERVAL '90' MINUTE", { ts: ['TIMESTAMP(3)', '2001-01-01T23:00:00.000Z'] })).toBe('2001-01-02T00:30:00.000Z');
    expect(evalSql("ts - INTERVAL '1' DAY", { ts: ['TIMESTAMP_LTZ(3)', '2001-03-01T06:00:00.000Z'] })).toBe('2001-02-28T06:00:00.000Z');
    // Jan 31 + 1 month clamps to Feb 28 (2001 is not a leap year)
    expect(evalSql("ts + INTERVAL '1' MONTH", { ts: ['TIMESTAMP(3)', '2001-01-31T10:00:00.000Z'] })).toBe('2001-02-28T10:00:00.000Z');
    expect(evalSql("d + INTERVAL '1-2' YEAR TO MONTH", { d: ['DATE', '2000-02-29'] })).toBe('2001-04-29');
  });
  it('drops the time attribute of rowtime it computes from', () => {
    expect(typeOf("rowtime + INTERVAL '1' HOUR")).toBe('TIMESTAMP_LTZ(3)');
  });
});

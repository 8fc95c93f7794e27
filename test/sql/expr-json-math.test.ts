// JSON_VALUE (examples from Flink's systemFunctions.md) and the arithmetic functions (Java's
// Math and BigDecimal HALF_UP rounding, as Flink's SqlFunctionUtils.sround).
import { describe, expect, it } from 'vitest';
import { evalSql, expectRuntimeError, problemsOf, typeOf } from './helpers.ts';

const J = (v: string) => ['STRING', v] as [string, string];

describe('JSON_VALUE', () => {
  it('follows the documented examples', () => {
    expect(evalSql(`JSON_VALUE('{"a": true}', '$.a')`)).toBe('true');
    expect(evalSql(`JSON_VALUE('{"a": true}', '$.a' RETURNING BOOLEAN)`)).toBe(true);
    expect(evalSql(`JSON_VALUE('{"a.b": [0.998,0.996]}', '$.["a.b"][0]' RETURNING DOUBLE)`)).toBe(0.998);
    expect(evalSql(`JSON_VALUE('{"contains blank": "right"}', 'strict $.[''contains blank'']' NULL ON EMPTY DEFAULT 'wrong' ON ERROR)`)).toBe('right');
  });
  it('answers a missing path with EMPTY in lax mode and ERROR in strict mode', () => {
    expect(evalSql(`JSON_VALUE(j, 'lax $.b')`, { j: J('{"a": 1}') })).toBe(null);
    expect(evalSql(`JSON_VALUE(j, '$.b' DEFAULT 'none' ON EMPTY)`, { j: J('{"a": 1}') })).toBe('none');
    expect(evalSql(`JSON_VALUE(j, 'strict $.b' DEFAULT 'bad' ON ERROR)`, { j: J('{"a": 1}') })).toBe('bad');
    expect(evalSql(`JSON_VALUE(j, 'strict $.b' DEFAULT 'none' ON EMPTY)`, { j: J('{"a": 1}') })).toBe(null);
    expectRuntimeError(`JSON_VALUE(j, '$.b' ERROR ON EMPTY)`, 'Empty result of JSON_VALUE function is not allowed', { j: J('{"a": 1}') });
  });
  it('converts scalars as Jackson hands them over', () => {
    expect(evalSql(`JSON_VALUE(j, '$.n')`, { j: J('{"n": 1.50}') })).toBe('1.5');
    expect(evalSql(`JSON_VALUE(j, '$.n')`, { j: J('{"n": 7}') })).toBe('7');
    expect(evalSql(`JSON_VALUE(j, '$.n' RETURNING INT)`, { j: J('{"n": 7}') })).toBe(7);
    expect(evalSql(`JSON_VALUE(j, '$.n' RETURNING INT)`, { j: J('{"n": "x"}') })).toBe(null);
    expect(evalSql(`JSON_VALUE(j, '$.a[1]')`, { j: J('{"a": [1, 2]}') })).toBe('2');
    expect(typeOf(`JSON_VALUE('{}', '$.a')`)).toBe('STRING');
  });
  it('treats JSON null and non-scalars as EMPTY (lax), bad JSON as ERROR', () => {
    expect(evalSql(`JSON_VALUE(j, '$.a')`, { j: J('{"a": null}') })).toBe(null);
    expect(evalSql(`JSON_VALUE(j, '$.a' DEFAULT 'empty' ON EMPTY)`, { j: J('{"a": [1]}') })).toBe('empty');
    expect(evalSql(`JSON_VALUE(j, '$.a' DEFAULT 'error' ON ERROR)`, { j: J('{"a": ') })).toBe('error');
    expectRuntimeError(`JSON_VALUE(j, 'strict $.a' ERROR ON ERROR)`, 'Strict jsonpath mode requires scalar value', { j: J('{"a": {"b": 1}}') });
  });
  it('refuses a path it cannot read', () => {
    expect(problemsOf(`SELECT JSON_VALUE(origin, 'a.b') FROM flights`)[0]).toContain('Illegal jsonpath spec: a.b');
  });
});

describe('arithmetic functions', () => {
  it('ABS and SIGN keep the type (and wrap like Java)', () => {
    expect(evalSql('ABS(-3)')).toBe(3);
    expect(evalSql('ABS(x)', { x: ['INT', -2147483648] })).toBe(-2147483648);
    expect(evalSql('ABS(-1.50)')).toBe('1.50');
    expect(evalSql('SIGN(-5)')).toBe(-1);
    expect(evalSql('SIGN(CAST(2.5 AS DECIMAL(3, 2)))')).toBe('1.00');
  });
  it('ROUND rounds HALF_UP on the decimal value', () => {
    expect(evalSql('ROUND(2.675e0, 2)')).toBe(2.68); // 2.675 as BigDecimal.valueOf, not the binary 2.67499…
    expect(evalSql('ROUND(-2.5e0)')).toBe(-3);
    expect(evalSql('ROUND(1.005, 2)')).toBe('1.01');
    expect(typeOf('ROUND(1.005, 2)')).toBe('DECIMAL(4, 2) NOT NULL');
    expect(evalSql('ROUND(1234, -2)')).toBe(1200);
    expect(evalSql('ROUND(1250, -2)')).toBe(1300);
    expect(typeOf('ROUND(x, 1)', { x: 'INT' })).toBe('INT');
  });
  it('FLOOR and CEIL', () => {
    expect(evalSql('FLOOR(2.7e0)')).toBe(2);
    expect(evalSql('FLOOR(-2.5)')).toBe('-3');
    expect(typeOf('FLOOR(-2.5)')).toBe('DECIMAL(2, 0) NOT NULL');
    expect(evalSql('CEIL(2.1)')).toBe('3');
    expect(evalSql('CEILING(-2.5e0)')).toBe(-2);
    expect(evalSql('FLOOR(7)')).toBe(7);
  });
  it('POWER, SQRT, LN, LOG10, LOG2 give DOUBLE', () => {
    expect(evalSql('POWER(2, 10)')).toBe(1024);
    expect(evalSql('POWER(2, -1)')).toBe(0.5);
    expect(typeOf('POWER(2, 10)')).toBe('DOUBLE NOT NULL');
    expect(evalSql('SQRT(16)')).toBe(4);
    expect(evalSql('SQRT(-1)')).toBe('NaN');
    expect(evalSql('LN(1)')).toBe(0);
    expect(evalSql('LOG10(1000)')).toBe(3);
    expect(evalSql('LOG2(4)')).toBe(2);
  });
});

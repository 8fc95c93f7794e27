// Result types by Flink's rules: aggregate types (FlinkTypeSystem / LogicalTypeMerging:
// AVG of INT is INT, SUM of DECIMAL(p,s) is DECIMAL(38,s), AVG of DECIMAL(p,s) is
// DECIMAL(38, max(6,s))), Calcite's literal types, decimal arithmetic with SQL Server's table and
// Flink's precision adjustment, common types for CASE/COALESCE/UNION, window columns and time
// attributes.
import { describe, expect, it } from 'vitest';
import { outputOf, problemsOf, typeOf } from './helpers.ts';

const TUMBLE = "TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))";
const agg = (expr: string) => outputOf(`SELECT ${expr} AS v FROM ${TUMBLE} GROUP BY window_start, window_end`)[0];

describe('aggregate result types', () => {
  it('AVG keeps INT (Flink truncates), widens DECIMAL', () => {
    expect(agg('AVG(delay)')).toBe('v INT');
    expect(agg('AVG(dist)')).toBe('v DECIMAL(38, 6)');
    expect(agg('AVG(CAST(dist AS DECIMAL(12, 8)))')).toBe('v DECIMAL(38, 8)');
    expect(agg('AVG(CAST(delay AS DOUBLE))')).toBe('v DOUBLE');
  });
  it('SUM keeps the type, DECIMAL to precision 38; nullable', () => {
    expect(agg('SUM(delay)')).toBe('v INT');
    expect(agg('SUM(CAST(delay AS BIGINT))')).toBe('v BIGINT');
    expect(agg('SUM(dist)')).toBe('v DECIMAL(38, 2)');
  });
  it('COUNT is BIGINT NOT NULL; MIN/MAX/FIRST_VALUE/LAST_VALUE keep the type; LISTAGG is STRING', () => {
    expect(agg('COUNT(*)')).toBe('v BIGINT NOT NULL');
    expect(agg('COUNT(delay)')).toBe('v BIGINT NOT NULL');
    expect(agg('COUNT(DISTINCT origin)')).toBe('v BIGINT NOT NULL');
    expect(agg('MIN(origin)')).toBe('v STRING');
    expect(agg('MAX(delay)')).toBe('v INT');
    expect(agg('FIRST_VALUE(dist)')).toBe('v DECIMAL(10, 2)');
    expect(agg('LAST_VALUE(origin)')).toBe('v STRING');
    expect(agg("LISTAGG(origin, '|')")).toBe('v STRING');
  });
});

describe('window columns and time attributes', () => {
  it('every input has rowtime TIMESTAMP_LTZ(3) *ROWTIME*', () => {
    expect(outputOf('SELECT rowtime FROM flights')).toEqual(['rowtime TIMESTAMP_LTZ(3) *ROWTIME*']);
  });
  it('a window TVF keeps its input columns (rowtime still a time attribute) and adds window_start, window_end and the new time attribute window_time', () => {
    expect(outputOf(`SELECT rowtime, window_start, window_end, window_time FROM ${TUMBLE}`)).toEqual([
      'rowtime TIMESTAMP_LTZ(3) *ROWTIME*',
      'window_start TIMESTAMP(3) NOT NULL',
      'window_end TIMESTAMP(3) NOT NULL',
      'window_time TIMESTAMP_LTZ(3) *ROWTIME* NOT NULL',
    ]);
  });
  it('window_time grouped by a window aggregation stays a time attribute', () => {
    expect(outputOf(`SELECT window_time, COUNT(*) AS c FROM ${TUMBLE} GROUP BY window_start, window_end, window_time`)).toEqual([
      'window_time TIMESTAMP_LTZ(3) *ROWTIME* NOT NULL',
      'c BIGINT NOT NULL',
    ]);
  });
  it('UNION ALL keeps a time attribute both sides have', () => {
    expect(outputOf('SELECT origin, rowtime FROM flights UNION ALL SELECT code, rowtime FROM airports')).toEqual([
      'origin STRING',
      'rowtime TIMESTAMP_LTZ(3) *ROWTIME*',
    ]);
  });
});

describe('literals and operators', () => {
  it('types literals as Calcite does', () => {
    expect(typeOf('1')).toBe('INT NOT NULL');
    expect(typeOf('2147483648')).toBe('BIGINT NOT NULL');
    expect(typeOf('12345678901234567890')).toBe('DECIMAL(20, 0) NOT NULL');
    expect(typeOf('1.50')).toBe('DECIMAL(3, 2) NOT NULL');
    expect(typeOf('0.5')).toBe('DECIMAL(1, 1) NOT NULL');
    expect(typeOf('1e3')).toBe('DOUBLE NOT NULL');
    expect(typeOf("'abc'")).toBe('CHAR(3) NOT NULL');
    expect(typeOf('TRUE')).toBe('BOOLEAN NOT NULL');
    expect(typeOf("DATE '2001-01-01'")).toBe('DATE NOT NULL');
    expect(typeOf("TIMESTAMP '2001-01-01 00:00:00.123'")).toBe('TIMESTAMP(3) NOT NULL');
    expect(typeOf("INTERVAL '1' HOUR")).toBe('INTERVAL SECOND(3) NOT NULL');
  });
  it('types numeric operators', () => {
    expect(typeOf('x / y', { x: 'INT', y: 'INT' })).toBe('INT');
    expect(typeOf('x / y', { x: 'INT', y: 'BIGINT' })).toBe('BIGINT');
    expect(typeOf('x * y', { x: 'INT', y: 'DOUBLE' })).toBe('DOUBLE');
    expect(typeOf('x + y', { x: 'DECIMAL(10, 2)', y: 'DOUBLE' })).toBe('DOUBLE');
    // INT counts as DECIMAL(10, 0): scale 2, precision max(10, 8) + 2 + 1
    expect(typeOf('x + y', { x: 'INT', y: 'DECIMAL(10, 2)' })).toBe('DECIMAL(13, 2)');
    // 38 + 38 + 1 = 77 digits, 57 of them integer: the scale shrinks to 6
    expect(typeOf('x * y', { x: 'DECIMAL(38, 10)', y: 'DECIMAL(38, 10)' })).toBe('DECIMAL(38, 6)');
    // scale max(6, 2 + 10 + 1) = 13, precision 20 - 2 + 5 + 13 = 36
    expect(typeOf('x / y', { x: 'DECIMAL(20, 2)', y: 'DECIMAL(10, 5)' })).toBe('DECIMAL(36, 13)');
    expect(typeOf('x % y', { x: 'DECIMAL(10, 2)', y: 'DECIMAL(5, 3)' })).toBe('DECIMAL(5, 3)');
  });
  it('types string, comparison and conditional operators', () => {
    expect(typeOf('s || s', { s: 'STRING' })).toBe('STRING');
    expect(typeOf('x = 1', { x: 'INT' })).toBe('BOOLEAN');
    expect(typeOf('x IS NULL', { x: 'INT' })).toBe('BOOLEAN NOT NULL');
    expect(typeOf("CASE WHEN x > 0 THEN 'a' ELSE 'bbb' END", { x: 'INT' })).toBe('VARCHAR(3) NOT NULL');
    expect(typeOf("CASE WHEN x > 0 THEN 'a' END", { x: 'INT' })).toBe('CHAR(1)');
    expect(typeOf('COALESCE(x, 0)', { x: 'INT' })).toBe('INT NOT NULL');
    expect(typeOf('COALESCE(x, y)', { x: 'INT', y: 'BIGINT' })).toBe('BIGINT');
    expect(typeOf('IFNULL(x, 5)', { x: 'INT' })).toBe('INT NOT NULL');
    expect(typeOf('NULLIF(x, 5)', { x: 'INT' })).toBe('INT');
    expect(typeOf('CAST(x AS VARCHAR(10))', { x: 'INT' })).toBe('VARCHAR(10)');
    expect(typeOf(`JSON_VALUE(s, '$.a' RETURNING INT)`, { s: 'STRING' })).toBe('INT');
  });
  it('unifies UNION ALL columns to their common type', () => {
    expect(outputOf('SELECT delay FROM flights UNION ALL SELECT CAST(1 AS BIGINT) FROM airports')).toEqual(['delay BIGINT']);
    expect(outputOf("SELECT 'a' AS x FROM flights UNION ALL SELECT 'bcd' FROM airports")).toEqual(['x VARCHAR(3) NOT NULL']);
  });
});

describe('implicit casts Flink refuses', () => {
  it('refuses comparing a number with a string', () => {
    expect(problemsOf("SELECT delay = '1' FROM flights")).toEqual([
      '1:8 =: implicit type conversion between INTEGER and CHAR is not supported now; CAST one side explicitly.',
    ]);
  });
  it('names an inferred input type in type errors', () => {
    const inputs = { t: { columns: [{ name: 'n', type: 'STRING', inferred: true }] } };
    expect(problemsOf('SELECT n + 1 FROM t', inputs)[0]).toContain("The type of n was inferred from the input's records");
  });
  it('refuses arithmetic on strings and booleans', () => {
    expect(problemsOf("SELECT origin + 1 FROM flights")[0]).toBe(
      "1:8 +: Cannot apply '+' to arguments of type '+(STRING, INT)'. Supported form(s): '<NUMERIC> + <NUMERIC>', '<DATETIME> + <INTERVAL>', '<INTERVAL> + <INTERVAL>'.",
    );
    expect(problemsOf('SELECT NOT delay FROM flights')[0]).toContain("Cannot apply 'NOT' to arguments of type 'NOT(INT)'");
  });
});

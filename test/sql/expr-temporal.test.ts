// Temporal functions in the session time zone UTC. Expected values are computed by hand from
// the calendar (2001-01-01 was a Monday, 2001-02-03 a Saturday) and from the examples of
// Flink's systemFunctions.md (YEAR(DATE '1994-09-27') = 1994, WEEK = 39, DAYOFYEAR = 270, …).
import { describe, expect, it } from 'vitest';
import { evalSql, problemsOf, typeOf } from './helpers.ts';

const TS = ['TIMESTAMP(3)', '2001-02-03T04:05:06.789Z'] as [string, string];

describe('DATE_FORMAT', () => {
  const at = (fmt: string) => evalSql(`DATE_FORMAT(ts, '${fmt}')`, { ts: ['TIMESTAMP(3)', '2001-01-01T06:05:04.321Z'] });
  it('formats with Java pattern letters', () => {
    expect(at('yyyy-MM-dd HH:mm:ss')).toBe('2001-01-01 06:05:04');
    expect(at('yyyy/MM/dd')).toBe('2001/01/01');
    expect(at('EEE, d MMM yyyy')).toBe('Mon, 1 Jan 2001');
    expect(at('EEEE MMMM')).toBe('Monday January');
    expect(at('hh:mm a')).toBe('06:05 AM');
    expect(at('HH:mm:ss.SSS')).toBe('06:05:04.321');
    expect(at('yy D H')).toBe('01 1 6');
    // the Java pattern 'at' HH 'o''clock', each quote doubled inside the SQL string literal
    expect(at("''at'' HH ''o''''clock''")).toBe("at 06 o'clock");
  });
  it('formats TIMESTAMP_LTZ in UTC and reads strings as yyyy-MM-dd HH:mm:ss', () => {
    expect(evalSql("DATE_FORMAT(rowtime, 'yyyy-MM-dd HH:mm:ss')")).toBe('1970-01-01 00:00:00');
    expect(evalSql("DATE_FORMAT('2001-02-03 04:05:06', 'dd.MM.yyyy')")).toBe('03.02.2001');
    expect(evalSql("DATE_FORMAT('garbage', 'yyyy')")).toBe(null);
    expect(typeOf("DATE_FORMAT('2001-02-03 04:05:06', 'yyyy')")).toBe('STRING');
  });
  it('refuses a locale-dependent pattern letter', () => {
    expect(problemsOf("SELECT DATE_FORMAT(rowtime, 'ww') FROM flights")[0]).toContain('Unknown pattern letter: w');
  });
});

describe('EXTRACT and its shorthands', () => {
  it('extracts every field of a timestamp', () => {
    const x = (u: string) => evalSql(`EXTRACT(${u} FROM ts)`, { ts: TS });
    expect(x('YEAR')).toBe(2001);
    expect(x('QUARTER')).toBe(1);
    expect(x('MONTH')).toBe(2);
    expect(x('DAY')).toBe(3);
    expect(x('HOUR')).toBe(4);
    expect(x('MINUTE')).toBe(5);
    expect(x('SECOND')).toBe(6);
    expect(x('MILLISECOND')).toBe(789);
    expect(x('DOW')).toBe(7); // Saturday, Sunday = 1
    expect(x('DOY')).toBe(34); // 31 + 3
    expect(x('WEEK')).toBe(5); // ISO week 5 is Jan 29 – Feb 4, 2001
    // 11323 days to 2001-01-01 (31 years, 8 leap days) + 33, times 86400, + 4:05:06
    expect(x('EPOCH')).toBe(981173106);
    expect(typeOf('EXTRACT(YEAR FROM ts)', { ts: 'TIMESTAMP(3)' })).toBe('BIGINT');
  });
  it('follows the documented examples', () => {
    expect(evalSql("EXTRACT(DAY FROM DATE '2006-06-05')")).toBe(5);
    expect(evalSql("YEAR(DATE '1994-09-27')")).toBe(1994);
    expect(evalSql("QUARTER(DATE '1994-09-27')")).toBe(3);
    expect(evalSql("MONTH(DATE '1994-09-27')")).toBe(9);
    expect(evalSql("WEEK(DATE '1994-09-27')")).toBe(39);
    expect(evalSql("DAYOFYEAR(DATE '1994-09-27')")).toBe(270);
    expect(evalSql("DAYOFMONTH(DATE '1994-09-27')")).toBe(27);
    expect(evalSql("DAYOFWEEK(DATE '1994-09-27')")).toBe(3);
    expect(evalSql("HOUR(TIMESTAMP '1994-09-27 13:14:15')")).toBe(13);
    expect(evalSql("MINUTE(TIMESTAMP '1994-09-27 13:14:15')")).toBe(14);
    expect(evalSql("SECOND(TIMESTAMP '1994-09-27 13:14:15')")).toBe(15);
  });
  it('refuses a field the type does not have', () => {
    expect(problemsOf("SELECT EXTRACT(HOUR FROM DATE '2001-01-01') FROM flights")[0]).toContain('Cannot extract HOUR from DATE');
  });
});

describe('TIMESTAMPADD and TIMESTAMPDIFF', () => {
  it('adds units, months clamped to the month end', () => {
    expect(evalSql('TIMESTAMPADD(HOUR, 2, ts)', { ts: TS })).toBe('2001-02-03T06:05:06.789Z');
    expect(evalSql('TIMESTAMPADD(MINUTE, -10, ts)', { ts: TS })).toBe('2001-02-03T03:55:06.789Z');
    expect(evalSql("TIMESTAMPADD(MONTH, 1, TIMESTAMP '2001-01-31 10:00:00')")).toBe('2001-02-28T10:00:00.000Z');
    expect(evalSql("TIMESTAMPADD(QUARTER, 1, TIMESTAMP '2001-01-31 10:00:00')")).toBe('2001-04-30T10:00:00.000Z');
    expect(evalSql("TIMESTAMPADD(WEEK, 1, DATE '2001-01-01')")).toBe('2001-01-08');
  });
  it('counts whole units, truncating toward zero', () => {
    expect(evalSql("TIMESTAMPDIFF(DAY, TIMESTAMP '2001-01-01 00:00:00', TIMESTAMP '2001-01-02 23:59:59')")).toBe(1);
    expect(evalSql("TIMESTAMPDIFF(HOUR, TIMESTAMP '2001-01-01 10:00:00', TIMESTAMP '2001-01-01 08:30:00')")).toBe(-1);
    expect(evalSql("TIMESTAMPDIFF(SECOND, TIMESTAMP '2001-01-01 00:00:00', TIMESTAMP '2001-01-01 00:01:00.999')")).toBe(60);
    expect(evalSql('TIMESTAMPDIFF(SECOND, rowtime, rowtime)')).toBe(0);
    expect(typeOf("TIMESTAMPDIFF(DAY, TIMESTAMP '2001-01-01 00:00:00', TIMESTAMP '2001-01-02 00:00:00')")).toBe('INT NOT NULL');
  });
  it('counts a month only when its day and time are reached', () => {
    expect(evalSql("TIMESTAMPDIFF(MONTH, TIMESTAMP '2001-01-31 00:00:00', TIMESTAMP '2001-02-28 00:00:00')")).toBe(1);
    expect(evalSql("TIMESTAMPDIFF(MONTH, TIMESTAMP '2001-01-15 12:00:00', TIMESTAMP '2001-02-15 11:00:00')")).toBe(0);
    expect(evalSql("TIMESTAMPDIFF(MONTH, TIMESTAMP '2001-02-15 11:00:00', TIMESTAMP '2001-01-15 12:00:00')")).toBe(-1);
    expect(evalSql("TIMESTAMPDIFF(YEAR, TIMESTAMP '2000-03-01 00:00:00', TIMESTAMP '2002-02-28 00:00:00')")).toBe(1);
  });
  it('refuses mixing TIMESTAMP_LTZ with TIMESTAMP', () => {
    expect(problemsOf("SELECT TIMESTAMPDIFF(SECOND, rowtime, TIMESTAMP '2001-01-01 00:00:00') FROM flights")[0]).toContain(
      'TIMESTAMP_LTZ only supports diff between the same type.',
    );
  });
});

describe('FLOOR/CEIL TO, TO_TIMESTAMP, TO_DATE, TO_TIMESTAMP_LTZ', () => {
  it('rounds timestamps to units', () => {
    expect(evalSql('FLOOR(ts TO HOUR)', { ts: TS })).toBe('2001-02-03T04:00:00.000Z');
    expect(evalSql('CEIL(ts TO HOUR)', { ts: TS })).toBe('2001-02-03T05:00:00.000Z');
    expect(evalSql("CEIL(TIMESTAMP '2001-02-03 04:00:00' TO HOUR)")).toBe('2001-02-03T04:00:00.000Z');
    expect(evalSql('FLOOR(ts TO DAY)', { ts: TS })).toBe('2001-02-03T00:00:00.000Z');
    expect(evalSql('FLOOR(ts TO MONTH)', { ts: TS })).toBe('2001-02-01T00:00:00.000Z');
    expect(evalSql('CEIL(ts TO MONTH)', { ts: TS })).toBe('2001-03-01T00:00:00.000Z');
    expect(evalSql('FLOOR(ts TO WEEK)', { ts: TS })).toBe('2001-01-28T00:00:00.000Z'); // the Sunday before
    expect(evalSql('FLOOR(ts TO YEAR)', { ts: TS })).toBe('2001-01-01T00:00:00.000Z');
    expect(evalSql("FLOOR(DATE '2001-02-03' TO MONTH)")).toBe('2001-02-01');
  });
  it('parses timestamps, NULL when they do not parse', () => {
    expect(evalSql("TO_TIMESTAMP('2001-02-03 04:05:06')")).toBe('2001-02-03T04:05:06.000Z');
    expect(evalSql("TO_TIMESTAMP('03/02/2001 04:05', 'dd/MM/yyyy HH:mm')")).toBe('2001-02-03T04:05:00.000Z');
    expect(evalSql("TO_TIMESTAMP('garbage')")).toBe(null);
    expect(typeOf("TO_TIMESTAMP('2001-02-03 04:05:06')")).toBe('TIMESTAMP(3)');
    expect(evalSql("TO_DATE('2001-02-03')")).toBe('2001-02-03');
  });
  it('reads epoch seconds or milliseconds', () => {
    expect(evalSql('TO_TIMESTAMP_LTZ(1000, 0)')).toBe('1970-01-01T00:16:40.000Z');
    expect(evalSql('TO_TIMESTAMP_LTZ(1500, 3)')).toBe('1970-01-01T00:00:01.500Z');
  });
  it('refuses the processing-time clock', () => {
    expect(problemsOf('SELECT CURRENT_TIMESTAMP FROM flights')).toEqual([
      '1:8 CURRENT_TIMESTAMP: CURRENT_TIMESTAMP reads the processing-time clock, so results would differ between runs and from Flink; use the event time (rowtime, window_start, …) instead.',
    ]);
    expect(problemsOf('SELECT NOW() FROM flights')[0]).toContain('NOW reads the processing-time clock');
  });
});

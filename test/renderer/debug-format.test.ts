/**
 * The debugger's typed times: "advance to" reads a date-time without a zone as UTC (event times
 * are epoch ms shown in UTC), honours an explicit zone, takes epoch ms, and refuses the rest.
 */
import { describe, expect, it } from 'vitest';
import { parseTypedTime, showTime } from '../../renderer/debug/format-debug.ts';

describe('debugger typed times', () => {
  it('reads a time without a zone as UTC', () => {
    expect(parseTypedTime('2001-01-01T06:00')).toBe(Date.UTC(2001, 0, 1, 6, 0));
    expect(parseTypedTime(' 2001-01-03 15:00:30 ')).toBe(Date.UTC(2001, 0, 3, 15, 0, 30));
  });
  it('honours an explicit zone and takes epoch ms', () => {
    expect(parseTypedTime('2001-01-01T06:00+02:00')).toBe(Date.UTC(2001, 0, 1, 4, 0));
    expect(parseTypedTime('2001-01-01T06:00Z')).toBe(Date.UTC(2001, 0, 1, 6, 0));
    expect(parseTypedTime('978328800000')).toBe(978_328_800_000);
  });
  it('refuses what is not a time', () => {
    expect(parseTypedTime('')).toBeUndefined();
    expect(parseTypedTime('tomorrow')).toBeUndefined();
  });
  it('shows watermarks in UTC, −∞ before the first and +∞ at the end', () => {
    expect(showTime(Date.UTC(2001, 0, 1, 6, 59, 59, 999))).toBe('2001-01-01 06:59:59.999');
    expect(showTime(null)).toBe('−∞');
    expect(showTime(null, true)).toBe('+∞ (end)');
  });
});

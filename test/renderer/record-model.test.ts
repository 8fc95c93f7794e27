/**
 * The Output panel's table model: column types inferred from values (timestamps by name and
 * epoch-ms range, ISO strings), search over the row's JSON and a stable sort with null/undefined
 * last, checked against independent computations (Array#sort over copies, Date).
 */
import { describe, expect, it } from 'vitest';
import { columnType, compareValues, formatTimestamp, inferColumns, viewRows } from '../../renderer/run/record-model.ts';

const JAN_1_2001_06 = Date.UTC(2001, 0, 1, 6, 0, 0);

describe('record table model', () => {
  it('infers a type per column from its values', () => {
    const rows = [
      { origin: 'DTW', flights: 1, avg: 1.5, ok: true, window_start: '2001-01-01T00:00:00.000Z', event_time: JAN_1_2001_06, tags: ['a'], key: { k: 1 }, n: null },
      { origin: 'LAS', flights: 3, avg: 2, ok: false, window_start: '2001-01-01T01:00:00.000Z', event_time: JAN_1_2001_06 + 1, tags: [], key: { k: 2 }, extra: 'x' },
    ];
    expect(inferColumns(rows)).toEqual([
      { name: 'origin', type: 'string' },
      { name: 'flights', type: 'integer' },
      { name: 'avg', type: 'number' },
      { name: 'ok', type: 'boolean' },
      { name: 'window_start', type: 'iso-time' },
      { name: 'event_time', type: 'timestamp' },
      { name: 'tags', type: 'array' },
      { name: 'key', type: 'object' },
      { name: 'n', type: 'null' },
      { name: 'extra', type: 'string' },
    ]);
  });

  it('calls a number column a timestamp only by name and plausible epoch milliseconds', () => {
    expect(columnType('count', [JAN_1_2001_06])).toBe('integer');
    expect(columnType('late_by_ms', [1_559_999])).toBe('integer');
    expect(columnType('event_time', [5])).toBe('integer');
    expect(columnType('created_at', [JAN_1_2001_06, null])).toBe('timestamp');
    expect(columnType('x', [1, 'a'])).toBe('mixed');
    expect(columnType('when', ['2001-01-01T06:00:00Z', 'soon'])).toBe('string');
  });

  it('renders epoch milliseconds as UTC', () => {
    expect(formatTimestamp(JAN_1_2001_06 + 59_999)).toBe('2001-01-01 06:00:59.999');
  });

  it('renders epoch milliseconds in the local zone from the Date getters of that instant', () => {
    const ms = JAN_1_2001_06 + 123;
    const d = new Date(ms);
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    const expected = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
    expect(formatTimestamp(ms, 'local')).toBe(expected);
  });

  it('searches every value, case-insensitively, and keeps arrival positions', () => {
    const rows = [{ origin: 'DTW' }, { origin: 'LAS', nested: { city: 'Las Vegas' } }, { origin: 'ORD' }];
    expect(viewRows(rows, 'vegas').map((r) => r.index)).toEqual([1]);
    expect(viewRows(rows, '  ').map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('sorts stably by a column in both directions with missing values last', () => {
    const values = [3, null, 1, 2, undefined, 1, 10];
    const rows = values.map((v, i) => ({ v, i }));
    const present = rows.filter((r) => r.v !== null && r.v !== undefined);
    const missing = rows.filter((r) => r.v === null || r.v === undefined).map((r) => r.i);
    const asc = [...present].sort((a, b) => (a.v as number) - (b.v as number) || a.i - b.i).map((r) => r.i);
    const desc = [...present].sort((a, b) => (b.v as number) - (a.v as number) || a.i - b.i).map((r) => r.i);
    expect(viewRows(rows, '', { column: 'v', direction: 'asc' }).map((r) => r.index)).toEqual([...asc, ...missing]);
    expect(viewRows(rows, '', { column: 'v', direction: 'desc' }).map((r) => r.index)).toEqual([...desc, ...missing]);
  });

  it('orders strings by code point and objects by their JSON', () => {
    expect(['b', 'B', 'a'].sort(compareValues)).toEqual(['B', 'a', 'b']);
    expect(compareValues({ a: 1 }, { a: 2 })).toBeLessThan(0);
    expect(compareValues(false, true)).toBeLessThan(0);
  });
});

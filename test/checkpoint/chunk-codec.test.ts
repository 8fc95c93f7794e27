/**
 * The checkpoint chunk codec (`engine/runtime/state/chunk-codec.ts`) round-trips what it is
 * given: keyed chunks of plain data are MessagePack and come back exactly (Map keys keep their
 * number type); values MessagePack would not give back exactly (objects of another realm, -0,
 * class instances) fall back to v8 (first byte 0xFF) and still round-trip; functions cannot be
 * encoded at all; raw chunks give back their stored bytes and entries; timer chunks give back
 * their tuples with namespace types intact; bytes that are not a chunk are refused.
 */
import { serialize } from 'node:v8';
import vm from 'node:vm';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import {
  chunkEntries,
  chunkTimers,
  decodeChunk,
  encodeKeyedChunk,
  encodeRawChunk,
  encodeStoredValue,
  encodeTimerChunk,
  rawValues,
  type StateChunk,
} from '../../engine/runtime/state/chunk-codec.ts';
import type { StateEntry } from '../../engine/runtime/state/state-entries.ts';

const V8_TAG = 0xff;

/** Encodes `[key, value]` pairs as one keyed chunk, decodes it, and returns the chunk and its entries. */
function roundTrip(flat: unknown[], name = 'acc', kind: 'value' | 'map' | 'list' = 'value'): { bytes: Buffer; entries: StateEntry[] } {
  const bytes = encodeKeyedChunk(name, kind, flat);
  return { bytes, entries: chunkEntries(decodeChunk(bytes)) };
}

function onlyValue(entries: StateEntry[]): unknown {
  expect(entries).toHaveLength(1);
  return (entries[0] as StateEntry)[3];
}

describe('keyed chunks of plain data', () => {
  it('round-trip exactly through MessagePack', () => {
    const date = new Date(1_700_000_000_123);
    const timeMap = new Map<number, unknown>([
      [1_700_000_000_000, { n: 3, sum: 10.5 }],
      [1_700_000_060_000, { n: 1, sum: -2 }],
    ]);
    const values: unknown[] = [
      42,
      -3.25,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2 ** 53 - 1,
      'text with ünïcode ✓',
      '',
      null,
      undefined,
      true,
      { a: 1, nested: { list: [1, 'two', null, { deep: [[3]] }], flag: false }, none: null },
      [1, [2, [3, [4]]], { x: 'y' }],
      timeMap,
      new Set<unknown>([1, 'a', 2.5]),
      date,
      { window: timeMap, seen: new Set(['u1', 'u2']), at: date },
    ];
    const flat: unknown[] = [];
    values.forEach((v, i) => flat.push(`key-${i}`, v));

    const { bytes, entries } = roundTrip(flat, 'acc', 'value');

    expect(bytes[0]).not.toBe(V8_TAG);
    expect(entries).toHaveLength(values.length);
    expect(entries).toEqual(values.map((v, i) => ['acc', 'value', `key-${i}`, v]));
    // toEqual treats NaN as equal to NaN, but spell out the numbers that are easy to lose.
    expect(Number.isNaN(entries[2]?.[3])).toBe(true);
    expect(entries[3]?.[3]).toBe(Number.POSITIVE_INFINITY);
    expect(entries[4]?.[3]).toBe(Number.NEGATIVE_INFINITY);
    expect(entries[9]?.[3]).toBeUndefined();
    expect(entries[9]).toHaveLength(4);
  });

  it('keeps Map keys as numbers, Sets as Sets and Dates as Dates', () => {
    const value = new Map<number, unknown>([
      [1_700_000_000_000, { n: 1 }],
      [7, 'seven'],
    ]);
    const { bytes, entries } = roundTrip(['k', value, 'd', new Date(86_400_000), 's', new Set([3, 1, 2])], 'm', 'map');
    expect(bytes[0]).not.toBe(V8_TAG);

    const map = (entries[0] as StateEntry)[3];
    expect(map).toBeInstanceOf(Map);
    const keys = [...(map as Map<unknown, unknown>).keys()];
    expect(keys).toEqual([1_700_000_000_000, 7]);
    for (const k of keys) expect(typeof k).toBe('number');
    expect((map as Map<number, unknown>).get(1_700_000_000_000)).toEqual({ n: 1 });

    const date = (entries[1] as StateEntry)[3];
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).getTime()).toBe(86_400_000);

    const set = (entries[2] as StateEntry)[3];
    expect(set).toBeInstanceOf(Set);
    expect([...(set as Set<number>)]).toEqual([3, 1, 2]);
    expect(entries.map((e) => [e[0], e[1], e[2]])).toEqual([
      ['m', 'map', 'k'],
      ['m', 'map', 'd'],
      ['m', 'map', 's'],
    ]);
  });

  it('decodes to a keyed chunk carrying the state name, kind and flat array', () => {
    const chunk = decodeChunk(encodeKeyedChunk('counts', 'list', ['a', [1, 2], 'b', []]));
    expect(chunk).toEqual({ t: 'keyed', name: 'counts', kind: 'list', flat: ['a', [1, 2], 'b', []] });
    expect(chunkTimers(chunk)).toEqual([]);
  });
});

class Accumulator {
  count = 2;
  label = 'acc';
  inner = { total: 7 };
  describe(): string {
    return `${this.label}:${this.count}`;
  }
}

describe('keyed chunks MessagePack would not give back exactly', () => {
  it('write a Map made in another realm with v8, and it round-trips', () => {
    const foreign = vm.runInNewContext('new Map([[1, {a: 2}]])') as Map<number, unknown>;
    expect(foreign instanceof Map).toBe(false); // the premise: not this realm's Map
    const { bytes, entries } = roundTrip(['k', foreign]);
    expect(bytes[0]).toBe(V8_TAG);
    const value = onlyValue(entries);
    expect(value).toBeInstanceOf(Map);
    expect([...(value as Map<unknown, unknown>)]).toEqual([[1, { a: 2 }]]);
    expect(typeof [...(value as Map<unknown, unknown>).keys()][0]).toBe('number');
  });

  it('write a Date made in another realm with v8, and it round-trips', () => {
    const foreign = vm.runInNewContext('new Date(1700000000000)') as Date;
    expect(foreign instanceof Date).toBe(false);
    const { bytes, entries } = roundTrip(['k', { at: foreign }]);
    expect(bytes[0]).toBe(V8_TAG);
    const value = onlyValue(entries) as { at: Date };
    expect(value.at).toBeInstanceOf(Date);
    expect(value.at.getTime()).toBe(1_700_000_000_000);
  });

  it('write -0 with v8 and keep its sign', () => {
    const { bytes, entries } = roundTrip(['k', -0]);
    expect(bytes[0]).toBe(V8_TAG);
    expect(Object.is(onlyValue(entries), -0)).toBe(true);

    const nested = roundTrip(['k', { list: [1, -0] }]);
    expect(nested.bytes[0]).toBe(V8_TAG);
    expect(Object.is((onlyValue(nested.entries) as { list: number[] }).list[1], -0)).toBe(true);
  });

  it('keeps +0 in MessagePack', () => {
    const { bytes, entries } = roundTrip(['k', 0]);
    expect(bytes[0]).not.toBe(V8_TAG);
    expect(Object.is(onlyValue(entries), 0)).toBe(true);
  });

  it('write a class instance with v8: it comes back as a plain object with its own fields', () => {
    const { bytes, entries } = roundTrip(['k', new Accumulator()]);
    expect(bytes[0]).toBe(V8_TAG);
    const value = onlyValue(entries);
    expect(value).not.toBeInstanceOf(Accumulator);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual({ count: 2, label: 'acc', inner: { total: 7 } });
  });

  it('fall back for the whole chunk when one value in it needs v8, keeping every entry', () => {
    const flat = ['a', { n: 1 }, 'b', new Map([[5, 'x']]), 'c', -0];
    const { bytes, entries } = roundTrip(flat);
    expect(bytes[0]).toBe(V8_TAG);
    expect(entries.map((e) => e[2])).toEqual(['a', 'b', 'c']);
    expect(entries[0]?.[3]).toEqual({ n: 1 });
    expect(entries[1]?.[3]).toEqual(new Map([[5, 'x']]));
    expect(Object.is(entries[2]?.[3], -0)).toBe(true);
  });

  it('write an own __proto__ key, a sparse array and a prototype-less object with v8, and they round-trip', () => {
    const withProto = JSON.parse('{"__proto__": 5, "a": 1}') as Record<string, unknown>;
    const proto = roundTrip(['k', withProto]);
    expect(proto.bytes[0]).toBe(V8_TAG);
    expect(Object.getOwnPropertyDescriptor(onlyValue(proto.entries) as object, '__proto__')?.value).toBe(5);

    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const holes = roundTrip(['k', sparse]);
    expect(holes.bytes[0]).toBe(V8_TAG);
    expect(1 in (onlyValue(holes.entries) as unknown[])).toBe(false);

    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { n: 1 });
    expect(roundTrip(['k', bare]).bytes[0]).toBe(V8_TAG);
  });

  it("refuse a value holding a function (v8's DataCloneError: could not be cloned)", () => {
    expect(() => encodeKeyedChunk('acc', 'value', ['k', { n: 1, f: () => 1 }])).toThrow(/could not be cloned/);
    expect(() => encodeKeyedChunk('acc', 'value', ['k', [1, function named(): void {}]])).toThrow(/named.*could not be cloned/);
    expect(() => encodeKeyedChunk('acc', 'value', ['k', new Map([[1, () => 2]])])).toThrow(/could not be cloned/);
  });
});

describe('raw chunks', () => {
  it('give back the stored bytes of each key', () => {
    const keys = ['acc\u0000k1', 'acc\u0000k2', 'other\u0000k1', 'empty\u0000k'];
    const values = [Buffer.from([1, 2, 3]), new Uint8Array([250, 0, 255, 7, 9]), Buffer.from('hello'), new Uint8Array(0)];
    const chunk = decodeChunk(encodeRawChunk(keys, values));
    expect(chunk.t).toBe('raw');
    const raw = chunk as Extract<StateChunk, { t: 'raw' }>;
    expect(raw.keys).toEqual(keys);
    const back = rawValues(raw);
    expect(back).toHaveLength(values.length);
    back.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(values[i] as Uint8Array))).toBe(true));
  });

  it('decode their stored values (kind byte + MessagePack or v8) as entries', () => {
    const entries: StateEntry[] = [
      ['acc', 'value', 'k1', { n: 3, sum: 1.5 }],
      ['m', 'map', 'k2', new Map<number, unknown>([[1_700_000_000_000, 'x']])],
      ['l', 'list', 'k3', [1, 'two', null]],
      ['acc', 'value', 'k4', -0],
    ];
    const keys = entries.map(([name, , key]) => `${name}\u0000${key}`);
    const stored = entries.map(([, kind, , value]) => encodeStoredValue(kind, value));
    expect(stored.map((b) => b[1] === V8_TAG)).toEqual([false, false, false, true]); // -0 needs v8
    const chunk = decodeChunk(encodeRawChunk(keys, stored));
    const decoded = chunkEntries(chunk);
    expect(decoded).toEqual(entries);
    expect(Object.is(decoded[3]?.[3], -0)).toBe(true);
    expect(typeof [...((decoded[1]?.[3] as Map<unknown, unknown>).keys())][0]).toBe('number');
    expect(chunkTimers(chunk)).toEqual([]);
  });
});

describe('timer chunks', () => {
  it('give back [timestamp, key, namespace, seq] tuples with namespace types kept', () => {
    const flat: (number | string)[] = [1_700_000_000_000, 'k1', 'window', 0, 1_700_000_000_000, 'k2', 60_000, 1, 5, '', '60000', 2, 0, 'k3', 0, 3];
    const chunk = decodeChunk(encodeTimerChunk(flat));
    const timers = chunkTimers(chunk);
    expect(timers).toEqual([
      [1_700_000_000_000, 'k1', 'window', 0],
      [1_700_000_000_000, 'k2', 60_000, 1],
      [5, '', '60000', 2],
      [0, 'k3', 0, 3],
    ]);
    expect(timers.map((t) => typeof t[2])).toEqual(['string', 'number', 'string', 'number']);
    expect(timers.map((t) => typeof t[0])).toEqual(['number', 'number', 'number', 'number']);
    expect(chunkEntries(chunk)).toEqual([]);
  });

  it('round-trip an empty timer chunk', () => {
    expect(chunkTimers(decodeChunk(encodeTimerChunk([])))).toEqual([]);
  });
});

describe('decodeChunk of bytes that are not a chunk', () => {
  const packr = new Packr();
  it.each([
    ['text', Buffer.from('hello')],
    ['a MessagePack number', packr.pack(12345)],
    ['a v8 number', serialize(12345)],
    ['a v8 string', serialize('keyed')],
    ['a MessagePack object of another shape', packr.pack({ t: 'other', flat: [] })],
    ['a v8 object of another shape', serialize({ t: 'nope' })],
    ['MessagePack nil', packr.pack(null)],
  ])('throws for %s', (_label, bytes) => {
    expect(() => decodeChunk(bytes)).toThrow(Error);
  });
});

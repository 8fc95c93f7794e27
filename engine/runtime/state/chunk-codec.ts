/**
 * The checkpoint form of keyed state and timers: chunks of a few thousand entries. Three kinds:
 *
 * - `keyed`: one state name's entries from the heap backend, as a flat `[key, value, …]` array.
 * - `raw`: the LevelDB backend's stored entries as they are on disk — the key within the
 *   operator (`<state name>\0<key>`) and the stored value (`encodeStoredValue`) — so a
 *   checkpoint copies bytes without decoding them and a restore writes them back the same way.
 * - `timers`: event-time timers as a flat `[timestamp, key, namespace, seq, …]` array (`seq`
 *   is the registration order, which decides the firing order of timers with equal times).
 *
 * Encoding: MessagePack (msgpackr, with records, so the many accumulators of one shape are
 * described once per chunk) — about twice as fast as `v8.serialize` and 45 % smaller for
 * window accumulators. A `keyed` chunk whose values hold anything MessagePack would not give
 * back exactly — objects of user code's realm (a `Map` made in a `process` function), class
 * instances, objects without a prototype or with an own `__proto__` key, sparse arrays, `-0`,
 * functions — is written with
 * `v8.serialize` instead (first byte 0xFF, which no MessagePack chunk starts with).
 * Both backends read every kind, so a pipeline can switch backends across a restore.
 */
import { deserialize, serialize } from 'node:v8';
import { Packr } from 'msgpackr';
import type { StateEntry, StateKind } from './state-entries.ts';

/** Records also tell plain objects from `Map`s, which are both MessagePack maps otherwise. */
const packr = new Packr({ useRecords: true, mapsAsObjects: false, moreTypes: true });
const V8_TAG = 0xff;
const OBJECT_PROTO = Object.prototype;

/** Whether MessagePack gives `value` back exactly (see the file's header). */
function packable(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return true;
    case 'number':
      return value !== 0 || 1 / value > 0;
    case 'object': {
      if (value === null) return true;
      if (depth > 64) return false;
      if (Array.isArray(value)) {
        // Holes would come back as `undefined`.
        for (let i = 0; i < value.length; i++) if (!(i in value) || !packable(value[i], depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) === OBJECT_PROTO) {
        // An own `__proto__` key would not come back under its name.
        for (const k in value) if (k === '__proto__' || !packable((value as Record<string, unknown>)[k], depth + 1)) return false;
        return true;
      }
      if (value instanceof Map) {
        for (const [k, v] of value) if (!packable(k, depth + 1) || !packable(v, depth + 1)) return false;
        return true;
      }
      if (value instanceof Set) {
        for (const v of value) if (!packable(v, depth + 1)) return false;
        return true;
      }
      return value instanceof Date;
    }
    default:
      return false;
  }
}

/** A decoded chunk. */
export type StateChunk =
  | { t: 'keyed'; name: string; kind: StateKind; flat: unknown[] }
  | { t: 'raw'; keys: string[]; lengths: number[]; blob: Uint8Array }
  | { t: 'timers'; flat: (number | string)[] };

/** Timers in a chunk: `[timestamp (epoch ms), key, namespace, registration seq]`. */
export type TimerEntry = [timestamp: number, key: string, namespace: string | number, seq: number];

/** One state name's entries: `flat` is `[key, value, key, value, …]`. */
export function encodeKeyedChunk(name: string, kind: StateKind, flat: unknown[]): Buffer {
  const chunk = { t: 'keyed', name, kind, flat };
  return packable(flat, 0) ? packr.pack(chunk) : serialize(chunk);
}

/** Stored LevelDB entries, copied as bytes: `keys[i]` is `<state name>\0<key>`. */
export function encodeRawChunk(keys: string[], values: readonly Uint8Array[]): Buffer {
  const lengths = values.map((v) => v.length);
  return packr.pack({ t: 'raw', keys, lengths, blob: Buffer.concat(values) });
}

/** `flat` is `[timestamp, key, namespace, seq, …]`. */
export function encodeTimerChunk(flat: (number | string)[]): Buffer {
  return packr.pack({ t: 'timers', flat });
}

/**
 * Reads a chunk written by one of the encoders.
 * @throws Error when the bytes are not a chunk (the checkpoint's digest normally catches damage first).
 */
export function decodeChunk(bytes: Uint8Array): StateChunk {
  const chunk = (bytes[0] === V8_TAG ? deserialize(bytes) : packr.unpack(bytes)) as StateChunk | undefined;
  if (chunk === null || typeof chunk !== 'object' || !['keyed', 'raw', 'timers'].includes(chunk.t)) throw new Error('not a state chunk');
  return chunk;
}

const KIND_BYTE: Record<StateKind, number> = { value: 0x76, map: 0x6d, list: 0x6c };
const BYTE_KIND = new Map<number, StateKind>([
  [0x76, 'value'],
  [0x6d, 'map'],
  [0x6c, 'list'],
]);

/**
 * One state entry's value as the LevelDB backend stores it: a kind byte (`v`, `m`, `l`), then
 * the value in MessagePack, or `v8.serialize` (0xFF first) when MessagePack would not give it
 * back exactly (see the file's header). The state name and key are in the database key.
 */
export function encodeStoredValue(kind: StateKind, value: unknown): Buffer {
  const body = packable(value, 0) ? packr.pack(value) : serialize(value);
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = KIND_BYTE[kind];
  body.copy(out, 1);
  return out;
}

/** Reads `encodeStoredValue`. @throws Error when the kind byte is unknown. */
export function decodeStoredValue(bytes: Uint8Array): { kind: StateKind; value: unknown } {
  const kind = BYTE_KIND.get(bytes[0] as number);
  if (!kind) throw new Error('not a stored state value');
  const body = bytes.subarray(1);
  return { kind, value: body[0] === V8_TAG ? deserialize(body) : packr.unpack(body) };
}

/** A stored entry from its key within the operator (`<state name>\0<key>`) and its value bytes. */
export function decodeStoredEntry(rawKey: string, bytes: Uint8Array): StateEntry {
  const sep = rawKey.indexOf('\u0000');
  const { kind, value } = decodeStoredValue(bytes);
  return [rawKey.slice(0, sep), kind, rawKey.slice(sep + 1), value];
}

/** The values of a raw chunk, as views into its blob. */
export function rawValues(chunk: Extract<StateChunk, { t: 'raw' }>): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const length of chunk.lengths) {
    out.push(chunk.blob.subarray(offset, offset + length));
    offset += length;
  }
  return out;
}

/** The keyed-state entries of a chunk (none for a timer chunk), decoding raw values. */
export function chunkEntries(chunk: StateChunk): StateEntry[] {
  switch (chunk.t) {
    case 'keyed': {
      const out: StateEntry[] = [];
      for (let i = 0; i < chunk.flat.length; i += 2) out.push([chunk.name, chunk.kind, chunk.flat[i] as string, chunk.flat[i + 1]]);
      return out;
    }
    case 'raw': {
      const values = rawValues(chunk);
      return chunk.keys.map((k, i) => decodeStoredEntry(k, values[i] as Uint8Array));
    }
    case 'timers':
      return [];
  }
}

/** The timers of a chunk (none for a state chunk). */
export function chunkTimers(chunk: StateChunk): TimerEntry[] {
  if (chunk.t !== 'timers') return [];
  const out: TimerEntry[] = [];
  const f = chunk.flat;
  for (let i = 0; i < f.length; i += 4) out.push([f[i] as number, f[i + 1] as string, f[i + 2] as string | number, f[i + 3] as number]);
  return out;
}

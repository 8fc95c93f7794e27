/**
 * Encoding of keyed-state chunks (`StateEntry[]`) in checkpoints. Plain data — numbers, strings,
 * booleans, null, arrays and plain objects, with map state's `Map` written as its pairs — is
 * encoded as JSON, several times faster than `v8.serialize` for the small objects window
 * accumulators are; anything else (a `Set`, a `Date`, `undefined`, non-finite numbers, objects
 * from user code's realm) falls back to `v8.serialize` for the whole chunk. The first byte
 * tells them apart (`[` for JSON, 0xFF for v8).
 */
import { deserialize, serialize } from 'node:v8';
import type { StateEntry } from './state-entries.ts';

const OBJECT_PROTO = Object.prototype;

/** Whether `JSON.stringify` then `JSON.parse` gives `value` back unchanged. */
function jsonSafe(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 32) return false;
      if (Array.isArray(value)) {
        for (const v of value) if (!jsonSafe(v, depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== OBJECT_PROTO && proto !== null) return false;
      for (const k in value) if (!jsonSafe((value as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Serializes a chunk (JSON when every value allows it, else v8). */
export function encodeChunk(entries: readonly StateEntry[]): Buffer {
  const plain: unknown[] = [];
  for (const [name, kind, key, value] of entries) {
    const v = kind === 'map' && value instanceof Map ? [...value] : value;
    if (!jsonSafe(v)) return serialize(entries);
    plain.push([name, kind, key, v]);
  }
  return Buffer.from(JSON.stringify(plain));
}

/** Reads a chunk written by `encodeChunk`. */
export function decodeChunk(bytes: Buffer): StateEntry[] {
  if (bytes[0] !== 0x5b) return deserialize(bytes) as StateEntry[];
  const entries = JSON.parse(bytes.toString('utf8')) as StateEntry[];
  for (const e of entries) if (e[1] === 'map') e[3] = new Map(e[3] as [string | number, unknown][]);
  return entries;
}

/**
 * Keyed-state values as JSON trees, for the state browser, `tributary state --json` and the
 * checkpoint diff. State holds what MessagePack or `v8.serialize` gave back (`chunk-codec.ts`):
 * `Map`s (map state, window maps), `Set`s (count distinct), `Date`s, `bigint`s, `undefined`,
 * `NaN`, `-0` and class instances of user code. JSON has none of them, so each becomes a tagged
 * object with one `$`-key: `{"$map": [[k, v], …]}` (entries sorted by key, so two equal maps
 * print alike whatever their insertion order), `{"$set": […]}`, `{"$date": "ISO"}`,
 * `{"$bigint": "123"}`, `{"$undefined": true}`, `{"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}`,
 * `{"$bytes": <length>}`, `{"$class": "Name", "$fields": {…}}`; a plain object that has a key
 * starting with `$` is wrapped as `{"$object": {…}}`, so a tree reads back unambiguously.
 * Pure: no Node modules.
 */

export type JsonTree = null | boolean | number | string | JsonTree[] | { [key: string]: JsonTree };

/** Deepest level converted; deeper values become `{"$truncated": true}` (cyclic user objects). */
const MAX_DEPTH = 64;

function compareKeys(a: JsonTree, b: JsonTree): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * `value` as a JSON tree (see the file's header). Never throws; a getter that throws or a cycle
 * deeper than 64 levels is shown, not followed.
 */
export function toJsonTree(value: unknown, depth = 0): JsonTree {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return { $number: 'NaN' };
      if (!Number.isFinite(value)) return { $number: value > 0 ? 'Infinity' : '-Infinity' };
      return value === 0 && 1 / value < 0 ? { $number: '-0' } : value;
    case 'bigint':
      return { $bigint: value.toString() };
    case 'undefined':
      return { $undefined: true };
    case 'function':
      return { $function: value.name || '(anonymous)' };
    case 'symbol':
      return { $symbol: value.description ?? '' };
    case 'object':
      break;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return { $truncated: true };
  const next = depth + 1;
  if (Array.isArray(value)) return Array.from(value, (v) => toJsonTree(v, next));
  if (value instanceof Map) {
    const entries: [JsonTree, JsonTree][] = [];
    for (const [k, v] of value) entries.push([toJsonTree(k, next), toJsonTree(v, next)]);
    entries.sort((a, b) => compareKeys(a[0], b[0]));
    return { $map: entries };
  }
  if (value instanceof Set) {
    const items = Array.from(value, (v) => toJsonTree(v, next));
    items.sort(compareKeys);
    return { $set: items };
  }
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
  if (ArrayBuffer.isView(value)) return { $bytes: value.byteLength };
  const fields: { [key: string]: JsonTree } = {};
  let dollar = false;
  for (const k of Object.keys(value)) {
    if (k.startsWith('$')) dollar = true;
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[k];
    } catch {
      v = undefined;
    }
    fields[k] = toJsonTree(v, next);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    // A plain object of another realm (user code's `vm` context) is still a plain object.
    if (name !== 'Object') return { $class: typeof name === 'string' && name ? name : '(anonymous)', $fields: fields };
  }
  return dollar ? { $object: fields } : fields;
}

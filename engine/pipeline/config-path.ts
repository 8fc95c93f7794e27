/**
 * Dotted paths into a node's config (`path`, `ssl.caFile`, `sasl.password`), as capabilities
 * name fields: reading a value and writing one in a copy. Pure, for the launcher, the exporter
 * and the editor alike.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in `config`; `undefined` when any step is missing or not an object. */
export function valueAt(config: unknown, path: string): unknown {
  let at: unknown = config;
  for (const key of path.split('.')) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}

/**
 * A copy of `config` with `value` at `path` (objects on the way are copied, never shared).
 * Steps that are missing are created; `undefined` deletes the last key.
 */
export function withValueAt(config: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root = { ...config };
  let at = root;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    const copy = isRecord(next) ? { ...next } : {};
    at[key] = copy;
    at = copy;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return root;
}

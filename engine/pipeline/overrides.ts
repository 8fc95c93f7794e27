/**
 * `--set nodeId.field=value` overrides on a raw pipeline document. Kept apart from `load.ts`
 * (which compiles code with esbuild) so that exported job bundles can apply parameters
 * without the compiler.
 */

/**
 * Applies `--set nodeId.field=value` overrides to a raw document before validation. The value
 * is parsed as JSON when it can be (`10`, `true`, `{"a":1}`), else taken as a string. Dotted
 * fields reach into the config (`src.watermarks.maxOutOfOrderness=1m`); `code` sets the code.
 * @throws Error when the node does not exist or the assignment is malformed.
 */
export function applyOverrides(raw: unknown, assignments: readonly string[]): unknown {
  const doc = structuredClone(raw) as { nodes?: { id?: unknown; config?: Record<string, unknown>; code?: unknown }[] };
  for (const assignment of assignments) {
    const m = /^([A-Za-z_][\w-]*)\.([\w.]+)=(.*)$/s.exec(assignment);
    if (!m) throw new Error(`--set ${assignment}: expected nodeId.field=value`);
    const [, nodeId, path, text] = m as unknown as [string, string, string, string];
    const node = doc.nodes?.find((n) => n.id === nodeId);
    if (!node) throw new Error(`--set ${assignment}: no node "${nodeId}"`);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // a plain string
    }
    if (path === 'code') {
      node.code = String(value);
      continue;
    }
    const keys = path.split('.');
    let target = (node.config ??= {});
    for (const k of keys.slice(0, -1)) {
      const next = target[k];
      target = (typeof next === 'object' && next !== null ? next : (target[k] = {})) as Record<string, unknown>;
    }
    target[keys[keys.length - 1] as string] = value;
  }
  return doc;
}

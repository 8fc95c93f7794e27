/**
 * Which fields identify the rows of an output, so a diff can say "changed" instead of "missing
 * and unexpected". Unless a test names a key, it is inferred: the key fields of the nearest keyed
 * node upstream of the output (its own `{ fields }` key, or the keyBy it inherits from, as
 * Flink's KeyedStream), plus `window_start` and `window_end` when every row has them (a keyed
 * window emits one row per key and window, like Flink's window TVFs). An inferred key is used
 * only when it identifies every row on both sides; otherwise rows compare as plain multisets.
 * Side outputs (`late`, `errors`) have no key. Asks capabilities, never node types.
 */
import { nodeTypeSpec } from '../../nodes/catalog.ts';
import { keyIdentifiesRows, type Row } from '../../pipeline/row-diff.ts';
import type { RawDocument } from './test-document.ts';

const WINDOW_BOUNDS = ['window_start', 'window_end'];

function keyFields(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = (value as { fields?: unknown }).fields;
  return Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f === 'string') ? (fields as string[]) : undefined;
}

/**
 * The key fields upstream of an output: of node `nodeId`'s port `port`, or (no port) of what
 * reaches sink `nodeId`. @returns undefined when there is none or it is not made of fields.
 */
export function upstreamKey(document: RawDocument, nodeId: string, port?: string): string[] | undefined {
  const nodes = new Map((document.nodes ?? []).map((n) => [n.id, n]));
  const edges = document.edges ?? [];
  const into = (id: string, targetPort?: string): string | undefined => {
    const found = edges.filter((e) => e.target === id && (targetPort === undefined || (e.targetPort ?? 'in') === targetPort));
    return found.length === 1 ? found[0]?.source : undefined;
  };
  let current: string | undefined;
  if (port === undefined) current = into(nodeId);
  else {
    const spec = nodeTypeSpec(nodes.get(nodeId)?.type ?? '');
    const kind = spec?.outputs.find((p) => p.id === port)?.kind;
    if (kind === 'late' || kind === 'errors') return undefined;
    current = nodeId;
  }
  // `inherit`: a keyed node without its own key takes the key of a keyBy upstream.
  let inherit = false;
  for (let steps = 0; current !== undefined && steps < 10_000; steps++) {
    const node = nodes.get(current);
    const spec = node ? nodeTypeSpec(node.type) : undefined;
    if (!node || !spec || spec.category === 'source') return undefined;
    const config = node.config ?? {};
    if (spec.capabilities.setsKey) return keyFields(config[spec.capabilities.setsKey.field]);
    const keys = spec.capabilities.keys ?? [];
    if (keys.length > 1) return undefined; // a join: its sides' keys may have other names
    const own = keys[0];
    if (own && !inherit) {
      const value = config[own.field];
      if (value !== undefined) return keyFields(value);
      inherit = true;
      current = into(current, own.port);
      continue;
    }
    if (spec.inputs.length !== 1) return undefined;
    current = into(current, spec.inputs[0]?.id);
  }
  return undefined;
}

/**
 * The key to compare two outputs by: `candidate` with the window bounds when every row has
 * them, if that identifies every row on both sides. @returns undefined otherwise.
 */
export function chooseKey(candidate: readonly string[] | undefined, a: readonly Row[], b: readonly Row[]): string[] | undefined {
  if (!candidate || candidate.length === 0 || (a.length === 0 && b.length === 0)) return undefined;
  const all = [...a, ...b];
  const withBounds = WINDOW_BOUNDS.every((f) => !candidate.includes(f) && all.every((r) => r[f] !== undefined)) ? [...candidate, ...WINDOW_BOUNDS] : [...candidate];
  return keyIdentifiesRows(withBounds, a, b) ? withBounds : undefined;
}

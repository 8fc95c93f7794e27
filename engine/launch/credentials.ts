/**
 * Credentials from the environment: a node's credential field (its type's
 * `capabilities.credentials`) may hold `{ "env": "NAME" }` instead of the value. The launcher
 * (`launchJob`, for `tributary run`, the studio's engine host and job bundles) replaces each with
 * the variable's value from its own environment before the job starts; the job process gets an
 * empty environment and the value only inside its start message. A variable that is not set is
 * a problem (TRB017) naming the node, the field and the variable, never a value.
 */
import { nodeTypeSpec } from '../nodes/catalog.ts';
import { valueAt, withValueAt } from '../pipeline/config-path.ts';
import type { Problem } from '../pipeline/problems.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ env: NAME }` as a credential field holds it; `undefined` for anything else. */
export function envReference(value: unknown): string | undefined {
  return isRecord(value) && typeof value.env === 'string' && Object.keys(value).length === 1 ? value.env : undefined;
}

/**
 * A copy of one node's raw `config` with its `{ env }` credentials (at `fields`) resolved from
 * `env`. @returns the config and a TRB017 problem per variable that is not set.
 */
export function resolveConfigCredentials(
  config: Record<string, unknown>,
  fields: readonly { field: string }[],
  env: Environment,
  nodeId?: string,
): { config: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  let out = config;
  for (const { field } of fields) {
    const name = envReference(valueAt(out, field));
    if (name === undefined) continue;
    const value = env[name];
    if (value === undefined || value === '') problems.push({ code: 'TRB017', nodeId, field, message: `environment variable ${name} is not set (the launcher reads ${field} from it)` });
    else out = withValueAt(out, field, value);
  }
  return { config: out, problems };
}

/**
 * A copy of the raw document `raw` with every `{ env }` credential replaced by its value from
 * `env`. Nodes of unknown types and malformed documents are left for validation to report.
 * @returns the document and a TRB017 problem per variable that is not set (or empty).
 */
export function resolveCredentials(raw: unknown, env: Environment): { document: unknown; problems: Problem[] } {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { document: raw, problems: [] };
  const problems: Problem[] = [];
  const nodes = raw.nodes.map((node: unknown) => {
    if (!isRecord(node) || typeof node.type !== 'string' || !isRecord(node.config)) return node;
    const fields = nodeTypeSpec(node.type)?.capabilities.credentials ?? [];
    const resolved = resolveConfigCredentials(node.config, fields, env, typeof node.id === 'string' ? node.id : undefined);
    problems.push(...resolved.problems);
    return resolved.config === node.config ? node : { ...node, config: resolved.config };
  });
  return { document: { ...raw, nodes }, problems };
}

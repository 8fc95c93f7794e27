/**
 * Changelog modes through a pipeline, as Flink's planner infers them
 * (`FlinkChangelogModeInferenceProgram`): walked once in topological order, each node's output
 * mode comes from its spec's `capabilities.changelog` and its inputs' modes, and a node that
 * takes only append-only streams fed an updating one is refused (TRB022) naming both nodes and
 * where the updates come from. Only `records` and `keyed` ports carry changelogs; `late` and
 * `errors` side outputs are append-only.
 *
 * Pure: the editor runs it in the browser like the rest of validation.
 */
import type { Edge } from './document.ts';
import type { ChangelogMode, NodeTypeSpec } from './node-spec.ts';
import type { Problem } from './problems.ts';
import { topological } from './schemas.ts';
import type { ValidNode } from './validate.ts';

/** The mode of an append-only stream (every record `+I`). */
export const APPEND_ONLY: ChangelogMode = { kind: 'append' };

/** `append`, `retract (+I/-U/+U/-D)` or `upsert on k (+I/+U/-D)`, for messages. */
export function describeMode(mode: ChangelogMode): string {
  if (mode.kind === 'append') return 'append-only';
  const key = mode.key && mode.key.length > 0 ? ` on ${mode.key.join(', ')}` : '';
  return mode.kind === 'retract' ? `retract${key} (+I/-U/+U/-D)` : `upsert${key} (+I/+U/-D)`;
}

const sameKey = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/** The default for a node that forwards its inputs' rows: their combined mode. */
export function mergeModes(inputs: readonly ChangelogMode[]): ChangelogMode {
  if (inputs.every((m) => m.kind === 'append')) return APPEND_ONLY;
  const first = inputs[0];
  if (first?.kind === 'upsert' && inputs.every((m) => m.kind === 'upsert' && sameKey(m.key, first.key))) return first;
  if (inputs.length === 1 && first) return first;
  return { kind: 'retract' };
}

/** Whether the node, with its validated config, takes updating input. */
export function consumesUpdates(spec: NodeTypeSpec, config: unknown): boolean {
  const c = spec.capabilities.changelog?.consumesUpdates;
  return typeof c === 'function' ? c(config as Record<string, unknown>) : c === true;
}

interface Known {
  mode: ChangelogMode;
  /** The node whose output first became updating (for messages). */
  origin?: string;
}

/**
 * Infers every node's output changelog mode and lists TRB022 for each edge that carries an
 * updating stream into a node that cannot consume it.
 * @param edges edges that passed the graph checks
 * @returns the mode of each node's record outputs by node id, and the problems
 */
export function checkChangelogs(nodes: readonly ValidNode[], edges: readonly Edge[]): { modes: Record<string, ChangelogMode>; problems: Problem[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e);
    else incoming.set(e.target, [e]);
  }
  const known = new Map<string, Known>();
  const problems: Problem[] = [];
  const upstream = (e: Edge): Known => {
    const kind = byId.get(e.source)?.spec.outputs.find((p) => p.id === e.sourcePort)?.kind;
    return kind === 'records' || kind === 'keyed' ? (known.get(e.source) ?? { mode: APPEND_ONLY }) : { mode: APPEND_ONLY };
  };
  for (const node of topological(nodes, edges)) {
    const into = incoming.get(node.id) ?? [];
    const ins = into.map(upstream);
    const takesUpdates = consumesUpdates(node.spec, node.config);
    if (!takesUpdates) {
      into.forEach((e, i) => {
        const k = ins[i] as Known;
        if (k.mode.kind === 'append') return;
        const source = byId.get(e.source) as ValidNode;
        const via = k.origin !== undefined && k.origin !== e.source ? `, updating since ${k.origin} (${byId.get(k.origin)?.spec.label ?? '?'})` : '';
        problems.push({
          code: 'TRB022',
          nodeId: node.id,
          edgeId: e.id,
          message:
            `${node.id} (${node.spec.label}) takes only append-only streams, but ${source.id} (${source.spec.label}) sends it an updating stream: ` +
            `${describeMode(k.mode)}${via}. Flink's planner refuses this too ("doesn't support consuming update and delete changes"); ` +
            'put it before the node that makes updates, or use a node that consumes them (aggregate, a file sink in changelog or upsert mode)',
        });
      });
    }
    const produces = node.spec.capabilities.changelog?.produces;
    const mode = produces ? produces(node.config as Record<string, unknown>, ins.map((k) => k.mode)) : takesUpdates ? mergeModes(ins.map((k) => k.mode)) : APPEND_ONLY;
    // A node that makes its own changelog (a CDC source, an aggregate) is where updates come from;
    // one that forwards rows keeps its input's origin.
    const origin = mode.kind === 'append' ? undefined : produces ? node.id : (ins.find((k) => k.origin !== undefined)?.origin ?? node.id);
    known.set(node.id, origin === undefined ? { mode } : { mode, origin });
  }
  const modes: Record<string, ChangelogMode> = {};
  for (const [id, k] of known) modes[id] = k.mode;
  return { modes, problems };
}

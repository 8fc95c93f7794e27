/**
 * What a node type declares about itself, independent of how it runs: ports, config schema,
 * user code and documentation. Pure data + zod: the renderer imports it to build the palette
 * and the inspector forms. The operator that runs it is registered in
 * `engine/runtime/operator-registry.ts` under the same type id.
 */
import type { z } from 'zod';

/**
 * What flows on a port. `records` are ordinary rows; `keyed` rows come from a keyBy (keyed
 * operators downstream inherit its key, like Flink's KeyedStream); `late` and `errors` are
 * side outputs whose rows wrap the original record.
 */
export type PortKind = 'records' | 'keyed' | 'late' | 'errors';

export interface OutputPortSpec {
  id: string;
  label: string;
  kind: PortKind;
}

export interface InputPortSpec {
  id: string;
  label: string;
  /** Port kinds an edge into this port may carry. */
  accepts: readonly PortKind[];
  /** Whether several edges may end here (union, sinks); otherwise exactly one. */
  multiple: boolean;
}

export type NodeCategory = 'source' | 'transform' | 'window' | 'join' | 'sink';

/**
 * User code a node runs. `expression`: a TypeScript expression (or function body with
 * `return`) over the named parameters; `module`: function declarations named in `exports`.
 */
export interface CodeSpec {
  kind: 'expression' | 'module';
  /** Parameter names for an expression, e.g. `['event']` or `['left', 'right']`. */
  params: readonly string[];
  /** Functions a module must (or may) declare, e.g. `['onEvent', 'onTimer']`. */
  exports?: readonly { name: string; required: boolean }[];
  /** Whether the node can run without code. */
  required: boolean;
  /** What a new node starts with in the editor. */
  template: string;
  /** One line for docs and the inspector: what the code receives and must return. */
  contract: string;
}

export interface NodeTypeSpec<Config = unknown> {
  /** Type id, as in the document's `node.type`. */
  type: string;
  /** Current config schema version; older documents are migrated, newer ones refused. */
  version: number;
  category: NodeCategory;
  label: string;
  /** One paragraph: the semantics, naming the Flink behaviour it follows. */
  description: string;
  inputs: readonly InputPortSpec[];
  outputs: readonly OutputPortSpec[];
  config: z.ZodType<Config>;
  /** Config a new node starts with in the editor. */
  defaults: Config;
  code?: CodeSpec;
  /** Upgrades a config written for `fromVersion` to the current version. */
  migrate?: (config: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
}

/** Ports most nodes share. */
export const IN: InputPortSpec = { id: 'in', label: 'in', accepts: ['records', 'keyed'], multiple: false };
export const OUT: OutputPortSpec = { id: 'out', label: 'out', kind: 'records' };
export const LATE: OutputPortSpec = { id: 'late', label: 'late', kind: 'late' };
export const ERRORS: OutputPortSpec = { id: 'errors', label: 'errors', kind: 'errors' };
export const ANY_KIND: readonly PortKind[] = ['records', 'keyed', 'late', 'errors'];

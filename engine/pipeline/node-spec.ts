/**
 * What a node type declares about itself, independent of how it runs: ports, config schema,
 * user code, capabilities, its look on the canvas and documentation. Pure data + zod: the
 * renderer imports it to build the palette, the nodes and the inspector forms. Each node type
 * lives in one folder `engine/nodes/<type>/` (`spec.ts` + `operator.ts`); the catalog
 * (`engine/nodes/catalog.ts`) and the operator registry (`engine/nodes/registry.ts`) list
 * the folders. Code outside a node's folder asks its `capabilities`, never its type id.
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
  /**
   * TypeScript types of parameters for the editor's IntelliSense, where they are not the input
   * record (`Input`), e.g. `{ match: 'Record<string, Input[]>' }`.
   */
  paramTypes?: Readonly<Record<string, string>>;
  /** Functions a module must (or may) declare, e.g. `['onEvent', 'onTimer']`. */
  exports?: readonly { name: string; required: boolean }[];
  /** Whether the node can run without code. */
  required: boolean;
  /** What a new node starts with in the editor. */
  template: string;
  /** One line for docs and the inspector: what the code receives and must return. */
  contract: string;
}

/**
 * A column of a stream's schema, as a SQL node reads it: the record field and its Flink SQL type
 * (`BIGINT`, `DECIMAL(10, 2)`, `ROW<a INT>`, …). `inferred` marks a type guessed from sample
 * records rather than declared.
 */
export interface SchemaColumn {
  name: string;
  type: string;
  inferred?: boolean;
}

/** A schema a node's config declares, and the config field it is in (`schema`, `csv.columns`). */
export interface DeclaredSchema {
  field: string;
  columns: SchemaColumn[];
}

/** A config field holding code (see `NodeCapabilities.codeFields`). */
export interface CodeField {
  /** Where: dot and `[]` path, e.g. `stages[].condition`. */
  path: string;
  /** Parameter names the code sees, e.g. `['event', 'ctx']`. */
  params: readonly string[];
  /** One line for docs and messages: what the code receives and must return. */
  contract: string;
}

/** A config field that holds a key (`{ fields }` or `{ expression }`) for one input port. */
export interface KeyField {
  /** Input port whose records the key is read from (`in`, `left`, `right`). */
  port: string;
  /** Config field holding the `KeySpec`; when unset, the key of a keyBy directly upstream. */
  field: string;
  /** Refuse the pipeline (TRB013) when neither the field nor an upstream keyBy gives a key. */
  required: boolean;
}

/**
 * What a node type can do, for code outside its folder (validation, the runtime, the host, the
 * CLI, the editor). Every member is optional; absent means "no".
 */
export interface NodeCapabilities {
  /**
   * Partitions the stream by the key at config field `field` (Flink's `keyBy`): keyed nodes
   * directly downstream that have no key of their own use it (a KeyedStream).
   */
  setsKey?: { field: string };
  /** Keyed inputs: where each input port's key comes from (Flink's keyed operators). */
  keys?: readonly KeyField[];
  /** Its samples are the records it receives, not what it emits (the preview sink). */
  previewsInput?: boolean;
  /**
   * Writes a JSON Lines file named by config field `field`; `tributary run --out DIR` (and
   * the editor's run folder) redirects it to `DIR/<node id>.jsonl`.
   */
  writesFile?: { field: string };
  /**
   * Reads the files named by the config fields `fields`, dotted paths into the config (`path`,
   * `ssl.caFile`); relative paths resolve against the pipeline's folder. The job's sandbox lets
   * it read exactly those files (`engine/launch/permissions.ts`); a field left unset is skipped.
   */
  readsFile?: { fields: readonly string[] };
  /**
   * Config fields (dotted paths) holding credentials: the value, or `{ env: NAME }` that the
   * launcher resolves from its own environment (the job's environment is empty). `secret` ones
   * (passwords, private keys) are masked in the inspector, left out of exported bundles (they
   * become parameters there) and never written to logs or messages; the others (a user name)
   * may be named in messages.
   */
  credentials?: readonly { field: string; secret: boolean }[];
  /**
   * Its output has the declared schema of the file named by config field `path` when the file
   * is Parquet or Avro (`format` and `compression`: the config fields that override detection);
   * the editor types `Input` of the nodes it feeds from that schema instead of sample records.
   */
  declaresFileSchema?: { path: string; format: string; compression: string };
  /** Holds its records inline, in config field `field` (shown as samples before a run). */
  inlineData?: { field: string };
  /** The inspector offers "test connection" and "list topics" (`topicField`: where a pick goes). */
  connectionTest?: { system: 'kafka'; topicField: string; multipleTopics: boolean };
  /** Config fields that may hold `{ expression }`: TypeScript over `event`, compiled like code. */
  expressionFields?: readonly string[];
  /**
   * Inputs named by the edges that connect (the tables of a SQL query) instead of fixed ports:
   * each incoming edge's `targetPort` names one input — by default the source node's id — and
   * takes exactly that edge. Names are node-id-like identifiers (`[A-Za-z_][A-Za-z0-9_-]*`)
   * unique among the node's inputs (TRB019); the spec's `inputs` list stays empty.
   */
  namedInputs?: { accepts: readonly PortKind[]; label: string };
  /**
   * The columns and Flink SQL types of the records it emits, as its config declares them (a
   * source's `schema`, CSV `columns`), with the config field that declares them; `undefined`
   * when the config declares none. Pure; receives the validated config.
   */
  declaredSchema?: (config: Record<string, unknown>) => DeclaredSchema | undefined;
  /**
   * Emits its input records unchanged (filter, keyBy, union, …), so its output has its input's
   * schema (for several inputs: when they all have the same one).
   */
  preservesSchema?: boolean;
  /**
   * Its config is checked against the schemas of its inputs (the engine passes the operator
   * factory's `checkConfig` to validation), which also gives the schema of its output.
   */
  typedInputs?: boolean;
  /**
   * Config field `field` holds a Flink SQL query: the inspector edits it in Monaco (FlinkSQL
   * highlighting, completion of the input tables with their columns and types, problems of that
   * field underlined at their line:column) and shows the node's output schema, also on the node.
   */
  sqlQuery?: { field: string };
  /**
   * Config fields that hold TypeScript code as a string, compiled at validation like the node's
   * code (never run there) and reached at run time with `ctx.userCode(<concrete path>)`. A path
   * names one field per element of an array with `[]`: `stages[].condition` covers
   * `stages[0].condition`, `stages[1].condition`, … An absent or blank field has no code.
   */
  codeFields?: readonly CodeField[];
  /**
   * The node reports extra figures in its metrics (`NodeMetrics.gauges`, e.g. the partial matches
   * waiting at each pattern stage); the canvas shows them after `label`.
   */
  gauges?: { label: string };
  /** The inspector edits config field `field`, a list of pattern stages, with the stage list editor. */
  stageList?: { field: string };
  /**
   * Rows on these output ports carry, in their samples, the positions of the input records they
   * were formed from (`SampledRecord.inputs`: 1-based arrival numbers at this node), and the
   * node keeps a sample of its latest inputs (port `in` of the samples call) so the editor can
   * highlight them.
   */
  provenance?: { ports: readonly string[] };
  /**
   * How it takes and makes changelog streams (Flink's `ChangelogMode`); absent: it takes only
   * append-only input (validation refuses an updating stream into it, TRB022) and emits
   * append-only output. See `ChangelogCapability`.
   */
  changelog?: ChangelogCapability;
  /** What it keeps in keyed state and timers, for the docs and the state browser. */
  state?: readonly { name: string; kind: 'value' | 'map' | 'list' | 'timers'; description: string }[];
}

/**
 * What a stream's records may be (Flink's `ChangelogMode`): `append` — only inserts (`+I`);
 * `retract` — inserts, update-before/after pairs and deletes with full rows (`+I -U +U -D`),
 * with the unique `key` when one is known (a GROUP BY's keys); `upsert` — `+I +U -D` by
 * primary `key`, no update-before (Flink's upsert mode). The row kinds are `RowKind`
 * (`engine/runtime/changelog/row-kind.ts`).
 */
export type ChangelogMode = { kind: 'append' } | { kind: 'retract'; key?: readonly string[] } | { kind: 'upsert'; key: readonly string[] };

/** A node type's changelog behaviour (`NodeCapabilities.changelog`). */
export interface ChangelogCapability {
  /**
   * Its inputs take updating streams (`-U`, `+U`, `-D` rows), for every config or as the
   * validated config says (a file sink in `changelog`/`upsert` mode). Absent or false: only
   * append-only input, as Flink's windows, interval joins, CEP and append-only sinks.
   */
  consumesUpdates?: boolean | ((config: Record<string, unknown>) => boolean);
  /**
   * The mode of its `records`/`keyed` outputs, from its validated config and its inputs' modes.
   * Absent: its inputs' mode passed on (all append → append; all upsert on one key → upsert;
   * otherwise retract), which fits nodes that forward the rows they get (filter, map, union).
   */
  produces?: (config: Record<string, unknown>, inputs: readonly ChangelogMode[]) => ChangelogMode;
}

/** How the canvas draws a node type: an icon glyph and a one-line summary of its config. */
export interface NodeLook {
  icon: string;
  /** Short text under the title, from the raw (unvalidated) config and code. */
  summary(config: Record<string, unknown>, code: string | undefined): string;
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
  capabilities: NodeCapabilities;
  look: NodeLook;
  /** Upgrades a config written for `fromVersion` to the current version. */
  migrate?: (config: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
}

/** Ports most nodes share. */
export const IN: InputPortSpec = { id: 'in', label: 'in', accepts: ['records', 'keyed'], multiple: false };
export const OUT: OutputPortSpec = { id: 'out', label: 'out', kind: 'records' };
export const LATE: OutputPortSpec = { id: 'late', label: 'late', kind: 'late' };
export const ERRORS: OutputPortSpec = { id: 'errors', label: 'errors', kind: 'errors' };
export const ANY_KIND: readonly PortKind[] = ['records', 'keyed', 'late', 'errors'];

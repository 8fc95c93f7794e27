/**
 * Job parameters of an exported bundle: every config field named `path`, `table`, `brokers`,
 * `topic` or `topics` of every node becomes a parameter `<nodeId>.<field>` (`flights.path`,
 * `hourly.path`), whether the document sets it or the node type merely has it. So any node type
 * that reads or writes files or Kafka gets parameters without the exporter knowing it. Nested
 * fields a node type declares get parameters when the document uses them: the files it reads
 * (`capabilities.readsFile`, e.g. `src.ssl.caFile`) and its credentials
 * (`capabilities.credentials`, e.g. `src.sasl.password`, kind `secret`). A secret is never
 * written into a bundle: `withoutSecrets` replaces it by `{ "env": "<its parameter's variable>" }`,
 * so the bundle takes it from that variable (or `--param`) at run time, and listings mask it.
 *
 * Values come from, in increasing precedence: the document, a params file, environment
 * variables `TRIBUTARY_PARAM_<NODEID>_<FIELD>` (see `paramEnvName`), `--param name=value`.
 * Relative paths given as parameters resolve against the current directory.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { nodeTypeSpec } from '../nodes/catalog.ts';
import { valueAt, withValueAt } from '../pipeline/config-path.ts';
import { envReference } from '../launch/credentials.ts';

/** Config fields that become parameters. */
export const PARAM_FIELDS: readonly string[] = ['path', 'table', 'brokers', 'topic', 'topics'];
const PATH_FIELDS = new Set(['path', 'table']);

/**
 * `path`: a file (relative values resolve against the cwd); `list`: comma-separated; `text`: as
 * is; `secret`: as is, never shown or written (give it by its environment variable).
 */
export type ParamKind = 'path' | 'list' | 'text' | 'secret';

export interface JobParam {
  /** `<nodeId>.<field>`. */
  name: string;
  nodeId: string;
  nodeType: string;
  field: string;
  kind: ParamKind;
  /** The field's help text from the node type's schema. */
  description?: string;
  /** The value in the document (`undefined` when it sets none). */
  value: unknown;
  /** The environment variable that sets it. */
  env: string;
}

/** Thrown for a bad `--param`, an unknown name or a malformed value. */
export class ParamError extends Error {}

interface SchemaProperty {
  type?: string;
  anyOf?: SchemaProperty[];
  description?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `hourly.path` → `TRIBUTARY_PARAM_HOURLY_PATH`: upper-cased, every non-alphanumeric → `_`. */
export function paramEnvName(name: string): string {
  return `TRIBUTARY_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function acceptsOnlyArray(prop: SchemaProperty | undefined): boolean {
  if (!prop) return false;
  if (prop.anyOf) return prop.anyOf.every((p) => acceptsOnlyArray(p));
  return prop.type === 'array';
}

function schemaProperties(type: string): Record<string, SchemaProperty> {
  const spec = nodeTypeSpec(type);
  if (!spec) return {};
  const schema = z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, SchemaProperty> };
  return schema.properties ?? {};
}

/**
 * Lists the parameters of a raw (parsed, not necessarily valid) pipeline document, in node
 * order. Nodes of unknown types contribute only the fields they set.
 */
export function collectParams(raw: unknown): JobParam[] {
  const nodes = isRecord(raw) && Array.isArray(raw.nodes) ? (raw.nodes as unknown[]) : [];
  const params: JobParam[] = [];
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.type !== 'string') continue;
    const config = isRecord(node.config) ? node.config : {};
    const props = schemaProperties(node.type);
    for (const field of PARAM_FIELDS) {
      if (!(field in props) && !(field in config)) continue;
      const prop = props[field];
      const name = `${node.id}.${field}`;
      const kind: ParamKind = PATH_FIELDS.has(field) ? 'path' : acceptsOnlyArray(prop) || Array.isArray(config[field]) ? 'list' : 'text';
      params.push({ name, nodeId: node.id, nodeType: node.type, field, kind, description: prop?.description, value: config[field], env: paramEnvName(name) });
    }
    const caps = nodeTypeSpec(node.type)?.capabilities;
    const nested = (field: string): boolean => field.includes('.') && typeof valueAt(config, field.slice(0, field.lastIndexOf('.'))) === 'object';
    for (const field of (caps?.readsFile?.fields ?? []).filter((f) => nested(f) && valueAt(config, f) !== undefined)) {
      const name = `${node.id}.${field}`;
      params.push({ name, nodeId: node.id, nodeType: node.type, field, kind: 'path', description: 'a file the node reads', value: valueAt(config, field), env: paramEnvName(name) });
    }
    for (const c of (caps?.credentials ?? []).filter((x) => nested(x.field))) {
      const name = `${node.id}.${c.field}`;
      const description = c.secret ? 'secret: give it by its environment variable; never stored in pipeline.json' : 'credential';
      params.push({ name, nodeId: node.id, nodeType: node.type, field: c.field, kind: c.secret ? 'secret' : 'text', description, value: valueAt(config, c.field), env: paramEnvName(name) });
    }
  }
  return params;
}

/**
 * How a parameter's current value may be shown: secrets never are (`from $VAR`, `set, not
 * shown`), other values as JSON text; `undefined` when unset.
 */
export function shownValue(p: JobParam): string | undefined {
  if (p.value === undefined) return undefined;
  const env = envReference(p.value);
  if (env !== undefined) return `from environment variable ${env}`;
  if (p.kind === 'secret') return '(set, not shown)';
  return typeof p.value === 'string' ? p.value : JSON.stringify(p.value);
}

/**
 * A copy of a raw document in which every secret credential given literally is replaced by
 * `{ "env": <its parameter's environment variable> }` (`TRIBUTARY_PARAM_SRC_SASL_PASSWORD`), for
 * writing into a bundle. `{ env }` references are kept. @returns the document and the names of
 * the parameters whose values were left out.
 */
export function withoutSecrets(raw: unknown): { document: unknown; removed: string[] } {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { document: raw, removed: [] };
  const removed: string[] = [];
  const nodes = (raw.nodes as unknown[]).map((node) => {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.type !== 'string' || !isRecord(node.config)) return node;
    let config = node.config;
    for (const c of nodeTypeSpec(node.type)?.capabilities.credentials ?? []) {
      if (!c.secret || typeof valueAt(config, c.field) !== 'string') continue;
      const name = `${node.id}.${c.field}`;
      config = withValueAt(config, c.field, { env: paramEnvName(name) });
      removed.push(name);
    }
    return config === node.config ? node : { ...node, config };
  });
  return { document: { ...raw, nodes }, removed };
}

/** Converts a parameter's text to its config value. @throws ParamError for malformed lists. */
export function paramValue(param: JobParam, text: string, cwd: string): unknown {
  if (param.kind === 'secret') return text;
  if (param.kind === 'path') return isAbsolute(text) ? text : resolve(cwd, text);
  if (param.kind === 'list') {
    if (text.trim().startsWith('[')) {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ParamError(`${param.name}: not a JSON array (${(error as Error).message})`);
      }
    }
    return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  return text;
}

export interface ParamSources {
  /** `name=value` assignments (`--param`), the last one wins. */
  assignments?: readonly string[];
  /** Environment (`TRIBUTARY_PARAM_*`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A params file's content (`{ "flights.path": "..." }`). */
  file?: Readonly<Record<string, unknown>>;
  /** Against which relative paths resolve. */
  cwd: string;
}

/**
 * Works out the parameter values to apply, as `nodeId.field=<JSON>` overrides for
 * `applyOverrides`. Parameters set nowhere keep the document's value.
 * @throws ParamError naming an unknown parameter (and listing the known ones) or a bad value.
 */
export function resolveParams(params: readonly JobParam[], sources: ParamSources): { overrides: string[]; values: Map<string, unknown> } {
  const byName = new Map(params.map((p) => [p.name, p]));
  const known = (): string => (params.length > 0 ? params.map((p) => p.name).join(', ') : 'none');
  const texts = new Map<string, string>();
  for (const [name, value] of Object.entries(sources.file ?? {})) {
    if (!byName.has(name)) throw new ParamError(`params file: unknown parameter "${name}" (known: ${known()})`);
    texts.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  for (const p of params) {
    const v = sources.env?.[p.env];
    if (v !== undefined && v !== '') texts.set(p.name, v);
  }
  for (const assignment of sources.assignments ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new ParamError(`--param ${assignment}: expected name=value, e.g. flights.path=data/flights.jsonl`);
    const name = assignment.slice(0, eq);
    if (!byName.has(name)) throw new ParamError(`--param ${assignment}: unknown parameter "${name}" (known: ${known()})`);
    texts.set(name, assignment.slice(eq + 1));
  }
  const values = new Map<string, unknown>();
  const overrides: string[] = [];
  for (const [name, text] of texts) {
    const value = paramValue(byName.get(name) as JobParam, text, sources.cwd);
    values.set(name, value);
    overrides.push(`${name}=${JSON.stringify(value)}`);
  }
  return { overrides, values };
}

/**
 * The catalog of node types: one line per folder of `engine/nodes/` (each folder is one node
 * type: `spec.ts` + `operator.ts`). The operator registry (`registry.ts`) has a line per type
 * too; both are typed by `NodeTypeId`, so a type missing from either does not compile, and a
 * test fails when a folder is in neither. Pure: the renderer imports it (specs are zod + data).
 */
import type { NodeTypeSpec } from '../pipeline/node-spec.ts';
import type { NodeCatalog } from '../pipeline/validate.ts';
import { fileSourceSpec } from './fileSource/spec.ts';
import { cdcSourceSpec } from './cdcSource/spec.ts';
import { generatorSpec } from './generator/spec.ts';
import { nexmarkSpec } from './nexmark/spec.ts';
import { valuesSpec } from './values/spec.ts';
import { kafkaSourceSpec } from './kafkaSource/spec.ts';
import { mapSpec } from './map/spec.ts';
import { filterSpec } from './filter/spec.ts';
import { flatMapSpec } from './flatMap/spec.ts';
import { keyBySpec } from './keyBy/spec.ts';
import { processSpec } from './process/spec.ts';
import { patternSpec } from './pattern/spec.ts';
import { unionSpec } from './union/spec.ts';
import { aggregateSpec } from './aggregate/spec.ts';
import { deduplicateSpec } from './deduplicate/spec.ts';
import { tumblingWindowSpec } from './tumblingWindow/spec.ts';
import { slidingWindowSpec } from './slidingWindow/spec.ts';
import { sessionWindowSpec } from './sessionWindow/spec.ts';
import { intervalJoinSpec } from './intervalJoin/spec.ts';
import { windowJoinSpec } from './windowJoin/spec.ts';
import { lookupJoinSpec } from './lookupJoin/spec.ts';
import { fileSinkSpec } from './fileSink/spec.ts';
import { consoleSinkSpec } from './consoleSink/spec.ts';
import { previewSinkSpec } from './previewSink/spec.ts';
import { kafkaSinkSpec } from './kafkaSink/spec.ts';
import { sqlSpec } from './sql/spec.ts';

export const NODE_TYPES = {
  fileSource: fileSourceSpec,
  cdcSource: cdcSourceSpec,
  generator: generatorSpec,
  nexmark: nexmarkSpec,
  values: valuesSpec,
  kafkaSource: kafkaSourceSpec,
  map: mapSpec,
  filter: filterSpec,
  flatMap: flatMapSpec,
  keyBy: keyBySpec,
  process: processSpec,
  pattern: patternSpec,
  union: unionSpec,
  aggregate: aggregateSpec,
  deduplicate: deduplicateSpec,
  tumblingWindow: tumblingWindowSpec,
  slidingWindow: slidingWindowSpec,
  sessionWindow: sessionWindowSpec,
  intervalJoin: intervalJoinSpec,
  windowJoin: windowJoinSpec,
  lookupJoin: lookupJoinSpec,
  sql: sqlSpec,
  fileSink: fileSinkSpec,
  consoleSink: consoleSinkSpec,
  previewSink: previewSinkSpec,
  kafkaSink: kafkaSinkSpec,
} as const;

export type NodeTypeId = keyof typeof NODE_TYPES;

/** Config type of a node type, after defaults and duration parsing. */
export type ConfigOf<T extends NodeTypeId> = (typeof NODE_TYPES)[T] extends NodeTypeSpec<infer C> ? C : never;

export const NODE_TYPE_IDS = Object.keys(NODE_TYPES) as NodeTypeId[];

export function isNodeTypeId(type: string): type is NodeTypeId {
  return Object.hasOwn(NODE_TYPES, type);
}

/** The spec of a type id, or `undefined` for an unknown type. */
export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return isNodeTypeId(type) ? (NODE_TYPES[type] as NodeTypeSpec) : undefined;
}

/** The catalog as validation takes it. */
export const CATALOG: NodeCatalog = nodeTypeSpec;

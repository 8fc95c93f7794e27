/**
 * The catalog of node types: one entry per type id. The runtime registers an operator factory
 * for every id here (`engine/runtime/operator-registry.ts`) and the renderer a look for every id
 * (`renderer/nodes/node-looks.ts`); both are typed by `NodeTypeId`, so a type missing from
 * either does not compile.
 */
import type { NodeTypeSpec } from './node-spec.ts';
import { fileSourceSpec, generatorSpec, valuesSpec } from './nodes/sources.ts';
import { filterSpec, flatMapSpec, keyBySpec, mapSpec, processSpec, unionSpec } from './nodes/transforms.ts';
import { sessionWindowSpec, slidingWindowSpec, tumblingWindowSpec } from './nodes/windows.ts';
import { intervalJoinSpec, lookupJoinSpec, windowJoinSpec } from './nodes/joins.ts';
import { consoleSinkSpec, fileSinkSpec, previewSinkSpec } from './nodes/sinks.ts';
import { kafkaSinkSpec, kafkaSourceSpec } from './nodes/kafka.ts';

export const NODE_TYPES = {
  fileSource: fileSourceSpec,
  generator: generatorSpec,
  values: valuesSpec,
  kafkaSource: kafkaSourceSpec,
  map: mapSpec,
  filter: filterSpec,
  flatMap: flatMapSpec,
  keyBy: keyBySpec,
  process: processSpec,
  union: unionSpec,
  tumblingWindow: tumblingWindowSpec,
  slidingWindow: slidingWindowSpec,
  sessionWindow: sessionWindowSpec,
  intervalJoin: intervalJoinSpec,
  windowJoin: windowJoinSpec,
  lookupJoin: lookupJoinSpec,
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

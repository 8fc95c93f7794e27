/**
 * The operator factory of every node type, keyed by the catalog's type id. Typed by
 * `NodeTypeId`, so adding a type to the catalog without an operator does not compile.
 */
import type { ConfigOf, NodeTypeId } from '../pipeline/catalog.ts';
import type { KeySpec } from '../pipeline/nodes/common.ts';
import { fileSource } from '../connectors/file-source.ts';
import { generatorSource } from '../connectors/generator-source.ts';
import { valuesSource } from '../connectors/values-source.ts';
import { consoleSink, fileSink, previewSink } from '../connectors/sinks.ts';
import { kafkaSource } from '../connectors/kafka/kafka-source.ts';
import { kafkaSink } from '../connectors/kafka/kafka-sink.ts';
import type { KeySelector } from './key-selector.ts';
import { GLOBAL_KEY } from './key-selector.ts';
import type { Operator, SourceOperator } from './operator.ts';
import type { OperatorContext } from './operator-context.ts';
import { filterOperator, flatMapOperator, mapOperator, passThroughOperator } from './operators/stateless.ts';
import { processOperator } from './operators/process-operator.ts';
import { alignedWindowOperator } from './window/aligned-window-operator.ts';
import { sessionWindowOperator } from './window/session-window-operator.ts';
import { intervalJoinOperator } from './join/interval-join-operator.ts';
import { windowJoinOperator } from './join/window-join-operator.ts';
import { lookupJoinOperator } from './join/lookup-join-operator.ts';

/**
 * Resolves a node's key: its own `spec` (fields, or the compiled expression at config `field`),
 * else the key of a keyBy directly upstream of `port`. `undefined` when there is neither.
 */
export type KeyResolver = (spec: KeySpec | undefined, field: string, port: string) => KeySelector | undefined;

type Factory<T extends NodeTypeId> =
  | { kind: 'source'; create: (ctx: OperatorContext<ConfigOf<T>>) => SourceOperator }
  | { kind: 'operator'; create: (ctx: OperatorContext<ConfigOf<T>>, keys: KeyResolver) => Operator };

function required(ctx: OperatorContext, selector: KeySelector | undefined, what: string): KeySelector {
  if (!selector) throw new Error(`node ${ctx.nodeId}: ${what} has no key`);
  return selector;
}

export const OPERATORS: { [T in NodeTypeId]: Factory<T> } = {
  fileSource: { kind: 'source', create: fileSource },
  generator: { kind: 'source', create: generatorSource },
  values: { kind: 'source', create: valuesSource },
  kafkaSource: { kind: 'source', create: kafkaSource },
  map: { kind: 'operator', create: mapOperator },
  filter: { kind: 'operator', create: filterOperator },
  flatMap: { kind: 'operator', create: flatMapOperator },
  keyBy: { kind: 'operator', create: passThroughOperator },
  union: { kind: 'operator', create: passThroughOperator },
  process: {
    kind: 'operator',
    create: (ctx, keys) => processOperator(ctx, required(ctx, keys(ctx.config.key, 'key', 'in'), 'the process function')),
  },
  tumblingWindow: { kind: 'operator', create: (ctx, keys) => alignedWindowOperator(ctx, keys(ctx.config.key, 'key', 'in') ?? GLOBAL_KEY) },
  slidingWindow: { kind: 'operator', create: (ctx, keys) => alignedWindowOperator(ctx, keys(ctx.config.key, 'key', 'in') ?? GLOBAL_KEY) },
  sessionWindow: { kind: 'operator', create: (ctx, keys) => sessionWindowOperator(ctx, keys(ctx.config.key, 'key', 'in') ?? GLOBAL_KEY) },
  intervalJoin: {
    kind: 'operator',
    create: (ctx, keys) =>
      intervalJoinOperator(
        ctx,
        required(ctx, keys(ctx.config.leftKey, 'leftKey', 'left'), 'left'),
        required(ctx, keys(ctx.config.rightKey, 'rightKey', 'right'), 'right'),
      ),
  },
  windowJoin: {
    kind: 'operator',
    create: (ctx, keys) =>
      windowJoinOperator(
        ctx,
        required(ctx, keys(ctx.config.leftKey, 'leftKey', 'left'), 'left'),
        required(ctx, keys(ctx.config.rightKey, 'rightKey', 'right'), 'right'),
      ),
  },
  lookupJoin: { kind: 'operator', create: (ctx, keys) => lookupJoinOperator(ctx, required(ctx, keys(ctx.config.key, 'key', 'in'), 'the lookup join')) },
  fileSink: { kind: 'operator', create: fileSink },
  consoleSink: { kind: 'operator', create: consoleSink },
  previewSink: { kind: 'operator', create: previewSink },
  kafkaSink: { kind: 'operator', create: kafkaSink },
};

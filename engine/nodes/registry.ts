/**
 * The operator registry: one line per node type folder, typed by the catalog's `NodeTypeId`, so a
 * type in the catalog without an operator does not compile. The composition root of the engine:
 * it sits above the runtime and the connectors, and `createJob` hands it to every `Job`.
 */
import type { OperatorFactory } from '../runtime/operator.ts';
import type { ConfigCheck } from '../pipeline/schemas.ts';
import type { ConfigOf, NodeTypeId } from './catalog.ts';
import { fileSourceOperator } from './fileSource/operator.ts';
import { cdcSourceOperator } from './cdcSource/operator.ts';
import { aggregateOperator } from './aggregate/operator.ts';
import { deduplicateOperator } from './deduplicate/operator.ts';
import { generatorOperator } from './generator/operator.ts';
import { nexmarkOperator } from './nexmark/operator.ts';
import { valuesOperator } from './values/operator.ts';
import { kafkaSourceOperator } from './kafkaSource/operator.ts';
import { mapOperator } from './map/operator.ts';
import { filterOperator } from './filter/operator.ts';
import { flatMapOperator } from './flatMap/operator.ts';
import { keyByOperator } from './keyBy/operator.ts';
import { processNodeOperator } from './process/operator.ts';
import { patternNodeOperator } from './pattern/operator.ts';
import { unionOperator } from './union/operator.ts';
import { tumblingWindowOperator } from './tumblingWindow/operator.ts';
import { slidingWindowOperator } from './slidingWindow/operator.ts';
import { sessionWindowNodeOperator } from './sessionWindow/operator.ts';
import { intervalJoinNodeOperator } from './intervalJoin/operator.ts';
import { windowJoinNodeOperator } from './windowJoin/operator.ts';
import { lookupJoinNodeOperator } from './lookupJoin/operator.ts';
import { fileSinkOperator } from './fileSink/operator.ts';
import { consoleSinkOperator } from './consoleSink/operator.ts';
import { previewSinkOperator } from './previewSink/operator.ts';
import { kafkaSinkOperator } from './kafkaSink/operator.ts';
import { sqlOperator } from './sql/operator.ts';

export const OPERATORS: { readonly [T in NodeTypeId]: OperatorFactory<ConfigOf<T>> } = {
  fileSource: fileSourceOperator,
  cdcSource: cdcSourceOperator,
  aggregate: aggregateOperator,
  deduplicate: deduplicateOperator,
  generator: generatorOperator,
  nexmark: nexmarkOperator,
  values: valuesOperator,
  kafkaSource: kafkaSourceOperator,
  map: mapOperator,
  filter: filterOperator,
  flatMap: flatMapOperator,
  keyBy: keyByOperator,
  process: processNodeOperator,
  pattern: patternNodeOperator,
  union: unionOperator,
  tumblingWindow: tumblingWindowOperator,
  slidingWindow: slidingWindowOperator,
  sessionWindow: sessionWindowNodeOperator,
  intervalJoin: intervalJoinNodeOperator,
  windowJoin: windowJoinNodeOperator,
  lookupJoin: lookupJoinNodeOperator,
  sql: sqlOperator,
  fileSink: fileSinkOperator,
  consoleSink: consoleSinkOperator,
  previewSink: previewSinkOperator,
  kafkaSink: kafkaSinkOperator,
};

/** The config check of a node type with typed inputs (`OperatorFactory.checkConfig`), for validation. */
export function checkConfigOf(type: string): ConfigCheck | undefined {
  return Object.hasOwn(OPERATORS, type) ? (OPERATORS[type as NodeTypeId] as OperatorFactory<unknown>).checkConfig : undefined;
}

/**
 * The Flink SQL translators: one line per node type folder (`<type>/flink.ts`), typed by the
 * catalog's `NodeTypeId`, so a node type without a translator (or an explicit refusal) does not
 * compile. `tributary export --target flink` (engine/export/flink/) looks node types up here.
 *
 * A node type whose translation is "this SELECT as a view over its inputs" (the `sql` node)
 * needs one small translator: `ctx.view(node.id, query, { columns, time, changelog })`, its
 * inputs being views named by their node ids (see engine/export/flink/README.md).
 */
import type { FlinkTranslator } from '../export/flink/translator.ts';
import type { ConfigOf, NodeTypeId } from './catalog.ts';
import { fileSourceFlink } from './fileSource/flink.ts';
import { cdcSourceFlink } from './cdcSource/flink.ts';
import { aggregateFlink } from './aggregate/flink.ts';
import { deduplicateFlink } from './deduplicate/flink.ts';
import { generatorFlink } from './generator/flink.ts';
import { nexmarkFlink } from './nexmark/flink.ts';
import { valuesFlink } from './values/flink.ts';
import { kafkaSourceFlink } from './kafkaSource/flink.ts';
import { mapFlink } from './map/flink.ts';
import { filterFlink } from './filter/flink.ts';
import { flatMapFlink } from './flatMap/flink.ts';
import { keyByFlink } from './keyBy/flink.ts';
import { processFlink } from './process/flink.ts';
import { patternFlink } from './pattern/flink.ts';
import { unionFlink } from './union/flink.ts';
import { tumblingWindowFlink } from './tumblingWindow/flink.ts';
import { slidingWindowFlink } from './slidingWindow/flink.ts';
import { sessionWindowFlink } from './sessionWindow/flink.ts';
import { intervalJoinFlink } from './intervalJoin/flink.ts';
import { windowJoinFlink } from './windowJoin/flink.ts';
import { lookupJoinFlink } from './lookupJoin/flink.ts';
import { fileSinkFlink } from './fileSink/flink.ts';
import { consoleSinkFlink } from './consoleSink/flink.ts';
import { previewSinkFlink } from './previewSink/flink.ts';
import { kafkaSinkFlink } from './kafkaSink/flink.ts';
import { sqlFlink } from './sql/flink.ts';

export const FLINK_TRANSLATORS: { readonly [T in NodeTypeId]: FlinkTranslator<ConfigOf<T>> } = {
  fileSource: fileSourceFlink,
  cdcSource: cdcSourceFlink,
  aggregate: aggregateFlink,
  deduplicate: deduplicateFlink,
  generator: generatorFlink,
  nexmark: nexmarkFlink,
  values: valuesFlink,
  kafkaSource: kafkaSourceFlink,
  map: mapFlink,
  filter: filterFlink,
  flatMap: flatMapFlink,
  keyBy: keyByFlink,
  process: processFlink,
  pattern: patternFlink,
  union: unionFlink,
  tumblingWindow: tumblingWindowFlink,
  slidingWindow: slidingWindowFlink,
  sessionWindow: sessionWindowFlink,
  intervalJoin: intervalJoinFlink,
  windowJoin: windowJoinFlink,
  lookupJoin: lookupJoinFlink,
  sql: sqlFlink,
  fileSink: fileSinkFlink,
  consoleSink: consoleSinkFlink,
  previewSink: previewSinkFlink,
  kafkaSink: kafkaSinkFlink,
};

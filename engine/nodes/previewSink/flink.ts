/** `previewSink` → Flink SQL: a `blackhole` table (the preview is the studio's; a cluster job keeps no sample). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { columnDefinitions, selectColumns, sinkInput } from '../common/flink-sink.ts';
import type { PreviewSinkConfig } from './spec.ts';

export const previewSinkFlink: FlinkTranslator<PreviewSinkConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const input = sinkInput(ctx, inputs, undefined);
    ctx.table({ name: node.id, comment: `${node.id}: the studio's preview; discarded on Flink`, columns: columnDefinitions(ctx, input.columns), options: [['connector', 'blackhole']] });
    ctx.insert(node.id, selectColumns(ctx, input.columns, input.from));
    ctx.note('a preview sink keeps the latest records for the studio; the Flink job discards its rows (`blackhole` connector).');
    ctx.sink({ connector: 'blackhole' });
    return {};
  },
};

/**
 * `consoleSink` → Flink SQL: the `print` connector (each row on the TaskManagers' standard
 * output as `+I[…]`, not as JSON; `prefix` is the print identifier).
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { columnDefinitions, selectColumns, sinkInput } from '../common/flink-sink.ts';
import type { ConsoleSinkConfig } from './spec.ts';

export const consoleSinkFlink: FlinkTranslator<ConsoleSinkConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const input = sinkInput(ctx, inputs, undefined);
    const options: [string, string][] = [['connector', 'print']];
    if (node.config.prefix !== '') options.push(['print-identifier', node.config.prefix.trim()]);
    ctx.table({ name: node.id, comment: `${node.id}: printed on the TaskManagers' stdout`, columns: columnDefinitions(ctx, input.columns), options });
    ctx.insert(node.id, selectColumns(ctx, input.columns, input.from));
    ctx.note("Flink's print connector writes each row as `+I[value, …]` on the TaskManagers' standard output (the job's logs), not as JSON.");
    ctx.sink({ connector: 'print' });
    return {};
  },
};

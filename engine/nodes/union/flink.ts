/** `union` → Flink SQL: `UNION ALL` of the inputs over the union of their columns (a missing field is NULL). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const unionFlink: FlinkTranslator<NoConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const streams = inputs.in ?? [];
    if (streams.some((s) => s.changelog.kind !== 'append')) ctx.refuse('a union of updating streams', 'the exporter unions append-only streams only', 'in');
    const union = ctx.unionAll(streams);
    return { out: ctx.view(node.id, union.select, { columns: union.columns, time: union.time, changelog: { kind: 'append' } }) };
  },
};

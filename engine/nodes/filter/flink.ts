/** `filter` → Flink SQL: a view `SELECT … WHERE <code as a condition>` (JavaScript truthiness spelled out). */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const filterFlink: FlinkTranslator<NoConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const input = inputs.in?.[0] ?? ctx.refuse('input', 'not connected');
    const condition = ctx.code.predicate(node.code ?? '', { event: { columns: input.columns } });
    const sql = `SELECT ${ctx.selectList(input)}\nFROM ${ctx.ident(input.name)}\nWHERE ${condition}`;
    return { out: ctx.view(node.id, sql, { columns: input.columns, time: input.time, changelog: input.changelog }) };
  },
};

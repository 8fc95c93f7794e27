/**
 * `map` → Flink SQL: a view projecting the record the code returns (an object literal with
 * spreads, translated field by field); the timestamp (`rowtime`) is kept, as the node form keeps it.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const mapFlink: FlinkTranslator<NoConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const input = inputs.in?.[0] ?? ctx.refuse('input', 'not connected');
    const fields = ctx.code.record(node.code ?? '', { event: { columns: input.columns } });
    if (fields.some((f) => f.name === 'rowtime')) ctx.refuse('field "rowtime"', 'the export keeps the time attribute in the column `rowtime`; name the field otherwise', 'code');
    const select = [...fields.map((f) => `${f.sql} AS ${ctx.ident(f.name)}`), ctx.ident('rowtime')];
    const sql = `SELECT ${select.join(',\n  ')}\nFROM ${ctx.ident(input.name)}`;
    return { out: ctx.view(node.id, sql, { columns: fields.map((f) => ({ name: f.name, type: f.type, ...(f.missing ? { missing: true } : {}) })), time: input.time, changelog: input.changelog }) };
  },
};

/**
 * `keyBy` → Flink SQL: no statement of its own beyond a pass-through view; its key goes with
 * the stream to the keyed node directly after it (a window's GROUP BY, a join's ON), as a
 * KeyedStream's key does.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import type { KeyByConfig } from './spec.ts';

export const keyByFlink: FlinkTranslator<KeyByConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const input = inputs.in?.[0] ?? ctx.refuse('input', 'not connected');
    ctx.key(input, node.config.key, 'key');
    const key = 'fields' in node.config.key ? { kind: 'fields' as const, fields: node.config.key.fields } : { kind: 'expression' as const, code: node.config.key.expression };
    const sql = `SELECT ${ctx.selectList(input)}\nFROM ${ctx.ident(input.name)}`;
    return { out: ctx.view(node.id, sql, { columns: input.columns, time: input.time, changelog: input.changelog, key }) };
  },
};

/**
 * `windowJoin` → Flink SQL's window join: both inputs through `TUMBLE(…, size)` (an offset is refused), joined
 * on the keys and equal `window_start`/`window_end`. The result row carries `window_start` and
 * `window_end` as the node form writes them, and `window_time` (end − 1, the node form's result
 * timestamp) as `rowtime`.
 */
import type { FlinkTranslator, FlinkStream } from '../../export/flink/translator.ts';
import { ISO_PATTERN, OFFSET_REASON } from '../common/flink-window.ts';
import { joinedFields, keyCondition, qualified, requireTimes } from '../common/flink-join.ts';
import type { WindowJoinConfig } from './spec.ts';

export const windowJoinFlink: FlinkTranslator<WindowJoinConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const left = inputs.left?.[0] ?? ctx.refuse('left input', 'not connected');
    const right = inputs.right?.[0] ?? ctx.refuse('right input', 'not connected');
    requireTimes(ctx, left, right, 'window join');
    for (const [side, s] of [['left', left], ['right', right]] as const)
      if (s.columns.some((c) => ['window_start', 'window_end', 'window_time'].includes(c.name)))
        ctx.refuse(`a ${side} input with window_start/window_end`, 'the TUMBLE function adds these columns to each input; rename the fields first', side);
    const aliases = ['L', 'R'] as const;
    const lk = ctx.key(left, node.config.leftKey, 'leftKey', 'L') ?? ctx.refuse('left key', 'missing', 'leftKey');
    const rk = ctx.key(right, node.config.rightKey, 'rightKey', 'R') ?? ctx.refuse('right key', 'missing', 'rightKey');
    const size = ctx.interval(node.config.size, 'size');
    if (node.config.offset !== 0) ctx.refuse(`offset ${node.config.offset} ms`, OFFSET_REASON, 'offset');
    const windowed = (s: FlinkStream, alias: string): string =>
      `(SELECT * FROM TABLE(TUMBLE(TABLE ${ctx.ident(s.name)}, DESCRIPTOR(${ctx.ident('rowtime')}), ${size}))) ${ctx.ident(alias)}`;
    const fields = joinedFields(ctx, node.code, left, right, aliases).filter((f) => f.name !== 'window_start' && f.name !== 'window_end');
    const select = [
      ...fields.map((f) => `${f.sql} AS ${ctx.ident(f.name)}`),
      `DATE_FORMAT(${qualified(ctx, 'L', 'window_start')}, ${ISO_PATTERN}) AS ${ctx.ident('window_start')}`,
      `DATE_FORMAT(${qualified(ctx, 'L', 'window_end')}, ${ISO_PATTERN}) AS ${ctx.ident('window_end')}`,
      `${qualified(ctx, 'L', 'window_time')} AS ${ctx.ident('rowtime')}`,
    ];
    const sql = [
      `SELECT ${select.join(',\n  ')}`,
      `FROM ${windowed(left, 'L')}`,
      `JOIN ${windowed(right, 'R')}`,
      `ON ${keyCondition(ctx, lk, rk, aliases, ['leftKey', 'rightKey'])}`,
      `AND ${qualified(ctx, 'L', 'window_start')} = ${qualified(ctx, 'R', 'window_start')} AND ${qualified(ctx, 'L', 'window_end')} = ${qualified(ctx, 'R', 'window_end')}`,
    ].join('\n');
    const columns = [...fields.map((f) => ({ name: f.name, type: f.type, ...(f.missing ? { missing: true } : {}) })), { name: 'window_start', type: { kind: 'STRING' as const } }, { name: 'window_end', type: { kind: 'STRING' as const } }];
    return { out: ctx.view(node.id, sql, { columns, time: left.time, changelog: { kind: 'append' } }) };
  },
};

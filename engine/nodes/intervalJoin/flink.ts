/**
 * `intervalJoin` → Flink SQL's interval join: `l JOIN r ON <keys> AND r.rowtime BETWEEN
 * l.rowtime + lowerBound AND l.rowtime + upperBound` (both bounds inclusive, as Flink's
 * IntervalJoinOperator and Tributary's). The node form stamps a result with the larger of the
 * two timestamps; in SQL that is `GREATEST(l.rowtime, r.rowtime)`, a plain timestamp, so no
 * window or join may follow the export's interval join.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { joinedFields, keyCondition, qualified, requireTimes } from '../common/flink-join.ts';
import type { IntervalJoinConfig } from './spec.ts';

export const intervalJoinFlink: FlinkTranslator<IntervalJoinConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const left = inputs.left?.[0] ?? ctx.refuse('left input', 'not connected');
    const right = inputs.right?.[0] ?? ctx.refuse('right input', 'not connected');
    requireTimes(ctx, left, right, 'interval join');
    const aliases = ['l', 'r'] as const;
    const lk = ctx.key(left, node.config.leftKey, 'leftKey', 'l') ?? ctx.refuse('left key', 'missing', 'leftKey');
    const rk = ctx.key(right, node.config.rightKey, 'rightKey', 'r') ?? ctx.refuse('right key', 'missing', 'rightKey');
    const bound = (ms: number, field: string): string => {
      const base = qualified(ctx, 'l', 'rowtime');
      return ms === 0 ? base : `${base} ${ms < 0 ? '-' : '+'} ${ctx.interval(Math.abs(ms), field)}`;
    };
    const fields = joinedFields(ctx, node.code, left, right, aliases);
    const rowtime = `GREATEST(${qualified(ctx, 'l', 'rowtime')}, ${qualified(ctx, 'r', 'rowtime')})`;
    const sql = [
      `SELECT ${[...fields.map((f) => `${f.sql} AS ${ctx.ident(f.name)}`), `${rowtime} AS ${ctx.ident('rowtime')}`].join(',\n  ')}`,
      `FROM ${ctx.ident(left.name)} AS ${ctx.ident('l')} JOIN ${ctx.ident(right.name)} AS ${ctx.ident('r')}`,
      `ON ${keyCondition(ctx, lk, rk, aliases, ['leftKey', 'rightKey'])}`,
      `AND ${qualified(ctx, 'r', 'rowtime')} BETWEEN ${bound(node.config.lowerBound, 'lowerBound')} AND ${bound(node.config.upperBound, 'upperBound')}`,
    ].join('\n');
    return { out: ctx.view(node.id, sql, { columns: fields.map((f) => ({ name: f.name, type: f.type, ...(f.missing ? { missing: true } : {}) })), time: 'plain', changelog: { kind: 'append' } }) };
  },
};

/**
 * `sessionWindow` → Flink SQL: `SESSION(TABLE in PARTITION BY key, DESCRIPTOR(rowtime), gap)`
 * (the session window TVF of Flink 1.19+), grouped by key and window. Sessions merge as in
 * Tributary (`TimeWindow.intersects`: touching sessions merge).
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { translateWindow } from '../common/flink-window.ts';
import type { SessionWindowConfig } from './spec.ts';

export const sessionWindowFlink: FlinkTranslator<SessionWindowConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const gap = ctx.interval(node.config.gap, 'gap');
    const call = (table: string, partitionBy: readonly string[]): string =>
      `SESSION(TABLE ${table}${partitionBy.length > 0 ? ` PARTITION BY ${partitionBy.join(', ')}` : ''}, DESCRIPTOR(${ctx.ident('rowtime')}), ${gap})`;
    return translateWindow(node.config, inputs.in?.[0] ?? ctx.refuse('input', 'not connected'), 'session', call, ctx);
  },
};

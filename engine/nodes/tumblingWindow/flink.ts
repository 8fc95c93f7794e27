/** `tumblingWindow` → Flink SQL: `TUMBLE(TABLE in, DESCRIPTOR(rowtime), size[, offset])` grouped by key and window. */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { translateWindow } from '../common/flink-window.ts';
import type { TumblingWindowConfig } from './spec.ts';

export const tumblingWindowFlink: FlinkTranslator<TumblingWindowConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const size = ctx.interval(node.config.size, 'size');
    const offset = node.config.offset === 0 ? '' : `, ${ctx.interval(node.config.offset, 'offset')}`;
    return translateWindow(node.config, inputs.in?.[0] ?? ctx.refuse('input', 'not connected'), 'tumbling', (table) => `TUMBLE(TABLE ${table}, DESCRIPTOR(${ctx.ident('rowtime')}), ${size}${offset})`, ctx);
  },
};

/** `tumblingWindow` → Flink SQL: `TUMBLE(TABLE in, DESCRIPTOR(rowtime), size)` grouped by key and window (an offset is refused: OFFSET_REASON). */
import { OFFSET_REASON } from '../common/flink-window.ts';
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { translateWindow } from '../common/flink-window.ts';
import type { TumblingWindowConfig } from './spec.ts';

export const tumblingWindowFlink: FlinkTranslator<TumblingWindowConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const size = ctx.interval(node.config.size, 'size');
    if (node.config.offset !== 0) ctx.refuse(`offset ${node.config.offset} ms`, OFFSET_REASON, 'offset');
    return translateWindow(node.config, inputs.in?.[0] ?? ctx.refuse('input', 'not connected'), 'tumbling', (table) => `TUMBLE(TABLE ${table}, DESCRIPTOR(${ctx.ident('rowtime')}), ${size})`, ctx);
  },
};

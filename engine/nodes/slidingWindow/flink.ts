/**
 * `slidingWindow` → Flink SQL: `HOP(TABLE in, DESCRIPTOR(rowtime), slide, size)` grouped by
 * key and window (an offset is refused: OFFSET_REASON). Flink slices HOP windows by the slide, so the size must be a
 * whole number of slides.
 */
import { OFFSET_REASON } from '../common/flink-window.ts';
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { translateWindow } from '../common/flink-window.ts';
import type { SlidingWindowConfig } from './spec.ts';

export const slidingWindowFlink: FlinkTranslator<SlidingWindowConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const { size, slide } = node.config;
    if (size % slide !== 0)
      ctx.refuse(`size ${size} ms with slide ${slide} ms`, "Flink SQL's HOP window needs the size to be a whole number of slides", 'slide');
    if (node.config.offset !== 0) ctx.refuse(`offset ${node.config.offset} ms`, OFFSET_REASON, 'offset');
    const call = (table: string): string =>
      `HOP(TABLE ${table}, DESCRIPTOR(${ctx.ident('rowtime')}), ${ctx.interval(slide, 'slide')}, ${ctx.interval(size, 'size')})`;
    return translateWindow(node.config, inputs.in?.[0] ?? ctx.refuse('input', 'not connected'), 'sliding', call, ctx);
  },
};

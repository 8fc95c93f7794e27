/**
 * `slidingWindow` → Flink SQL: `HOP(TABLE in, DESCRIPTOR(rowtime), slide, size[, offset])`
 * grouped by key and window. Flink slices HOP windows by the slide, so the size must be a
 * whole number of slides.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { translateWindow } from '../common/flink-window.ts';
import type { SlidingWindowConfig } from './spec.ts';

export const slidingWindowFlink: FlinkTranslator<SlidingWindowConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    const { size, slide } = node.config;
    if (size % slide !== 0)
      ctx.refuse(`size ${size} ms with slide ${slide} ms`, "Flink SQL's HOP window needs the size to be a whole number of slides", 'slide');
    const offset = node.config.offset === 0 ? '' : `, ${ctx.interval(node.config.offset, 'offset')}`;
    const call = (table: string): string =>
      `HOP(TABLE ${table}, DESCRIPTOR(${ctx.ident('rowtime')}), ${ctx.interval(slide, 'slide')}, ${ctx.interval(size, 'size')}${offset})`;
    return translateWindow(node.config, inputs.in?.[0] ?? ctx.refuse('input', 'not connected'), 'sliding', call, ctx);
  },
};

/**
 * `slidingWindow`: overlapping event-time windows of `size` starting every `slide` (Flink's
 * `SlidingEventTimeWindows`); a record belongs to size/slide windows. Firing, lateness and
 * output as the tumbling window.
 */
import { z } from 'zod';
import { Duration, PositiveDuration } from '../../pipeline/config-schemas.ts';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { customAggregate, defaultAggregates, windowBase, windowCapabilities, windowPorts } from '../common/window-config.ts';
import { windowSummary } from '../common/looks.ts';

export const SlidingWindowConfig = z
  .object({
    ...windowBase,
    size: PositiveDuration.describe('window length'),
    slide: PositiveDuration.describe('distance between window starts'),
    offset: Duration.default(0),
  })
  .refine((c) => c.slide <= c.size, { message: 'slide must not exceed size', path: ['slide'] });
export type SlidingWindowConfig = z.output<typeof SlidingWindowConfig>;

export const slidingWindowSpec: NodeTypeSpec<SlidingWindowConfig> = {
  type: 'slidingWindow',
  version: 1,
  category: 'window',
  label: 'Sliding window',
  description:
    "Overlapping event-time windows of `size` starting every `slide` (Flink's `SlidingEventTimeWindows`); a record belongs to size/slide windows.",
  ...windowPorts,
  config: SlidingWindowConfig,
  defaults: SlidingWindowConfig.parse({ size: '3h', slide: '1h', aggregates: defaultAggregates }),
  code: customAggregate,
  capabilities: windowCapabilities,
  look: { icon: 'layers', summary: windowSummary('sliding') },
};

/**
 * `tumblingWindow`: fixed, non-overlapping event-time windows (Flink's
 * `TumblingEventTimeWindows` + `EventTimeTrigger`): a window is `[start, end)` aligned to the
 * epoch plus `offset`, fires when the watermark reaches `end - 1`, keeps its state for
 * `allowedLateness` (re-firing on late records) and sends later records to `late`. Output rows:
 * key field(s), `window_start`, `window_end` (ISO strings), then the aggregates.
 */
import { z } from 'zod';
import { Duration, PositiveDuration } from '../../pipeline/config-schemas.ts';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { customAggregate, defaultAggregates, windowBase, windowCapabilities, windowPorts } from '../common/window-config.ts';
import { windowSummary } from '../common/looks.ts';

export const TumblingWindowConfig = z.object({
  ...windowBase,
  size: PositiveDuration.describe('window length'),
  offset: Duration.default(0).describe('shift of window starts from the epoch'),
});
export type TumblingWindowConfig = z.output<typeof TumblingWindowConfig>;

export const tumblingWindowSpec: NodeTypeSpec<TumblingWindowConfig> = {
  type: 'tumblingWindow',
  version: 1,
  category: 'window',
  label: 'Tumbling window',
  description:
    "Fixed, non-overlapping event-time windows of `size` (Flink's `TumblingEventTimeWindows`), with built-in or custom aggregates.",
  ...windowPorts,
  config: TumblingWindowConfig,
  defaults: TumblingWindowConfig.parse({ size: '1h', aggregates: defaultAggregates }),
  code: customAggregate,
  capabilities: windowCapabilities,
  look: { icon: 'calendar-range', summary: windowSummary('tumbling') },
};

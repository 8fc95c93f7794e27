/**
 * Event-time window node types, following Flink's window assigners and `EventTimeTrigger`:
 * a window is `[start, end)`, aligned to the epoch (plus `offset`), and fires when the watermark
 * reaches `end - 1` (`window.maxTimestamp()`). With `allowedLateness` its state is kept until the
 * watermark passes `end - 1 + allowedLateness`, and every record arriving in that time fires an
 * updated result. A record later than that goes to `late` with how late it was.
 * Output rows: key field(s), `window_start`, `window_end` (ISO strings), then the aggregates.
 */
import { z } from 'zod';
import { AggregateSpec, Duration, KeySpec, PositiveDuration } from './common.ts';
import { IN, LATE, OUT, type CodeSpec, type NodeTypeSpec } from '../node-spec.ts';

const windowBase = {
  key: KeySpec.optional().describe('omit to inherit the key of an upstream keyBy (or for one global window)'),
  allowedLateness: Duration.default(0).describe('how long after firing a window still accepts records'),
  aggregates: z.array(AggregateSpec).min(1).describe('named aggregates, e.g. { name: "flights", fn: "count" }'),
};

const customAggregate: CodeSpec = {
  kind: 'module',
  params: [],
  exports: [
    { name: 'create', required: true },
    { name: 'add', required: true },
    { name: 'merge', required: true },
    { name: 'result', required: true },
  ],
  required: false,
  template: [
    '// Used by aggregates with fn "custom" (Flink\'s AggregateFunction).',
    'function create() { return { sum: 0, n: 0 }; }',
    'function add(acc, event) { acc.sum += event.delay; acc.n += 1; return acc; }',
    'function merge(a, b) { return { sum: a.sum + b.sum, n: a.n + b.n }; }',
    'function result(acc) { return acc.n === 0 ? null : acc.sum / acc.n; }',
  ].join('\n'),
  contract: 'function create(), add(acc, event), merge(a, b), result(acc)',
};

export const TumblingWindowConfig = z.object({
  ...windowBase,
  size: PositiveDuration.describe('window length'),
  offset: Duration.default(0).describe('shift of window starts from the epoch'),
});
export type TumblingWindowConfig = z.output<typeof TumblingWindowConfig>;

export const SlidingWindowConfig = z
  .object({
    ...windowBase,
    size: PositiveDuration.describe('window length'),
    slide: PositiveDuration.describe('distance between window starts'),
    offset: Duration.default(0),
  })
  .refine((c) => c.slide <= c.size, { message: 'slide must not exceed size', path: ['slide'] });
export type SlidingWindowConfig = z.output<typeof SlidingWindowConfig>;

export const SessionWindowConfig = z.object({
  ...windowBase,
  gap: PositiveDuration.describe('a session closes after this long without records for its key'),
});
export type SessionWindowConfig = z.output<typeof SessionWindowConfig>;

const ports = { inputs: [IN], outputs: [OUT, LATE] } as const;
const defaultAggregates = [
  { name: 'flights', fn: 'count' as const },
  { name: 'avg_delay', fn: 'avg' as const, field: 'delay' },
];

export const tumblingWindowSpec: NodeTypeSpec<TumblingWindowConfig> = {
  type: 'tumblingWindow',
  version: 1,
  category: 'window',
  label: 'Tumbling window',
  description:
    "Fixed, non-overlapping event-time windows of `size` (Flink's `TumblingEventTimeWindows`), with built-in or custom aggregates.",
  ...ports,
  config: TumblingWindowConfig,
  defaults: TumblingWindowConfig.parse({ size: '1h', aggregates: defaultAggregates }),
  code: customAggregate,
};

export const slidingWindowSpec: NodeTypeSpec<SlidingWindowConfig> = {
  type: 'slidingWindow',
  version: 1,
  category: 'window',
  label: 'Sliding window',
  description:
    "Overlapping event-time windows of `size` starting every `slide` (Flink's `SlidingEventTimeWindows`); a record belongs to size/slide windows.",
  ...ports,
  config: SlidingWindowConfig,
  defaults: SlidingWindowConfig.parse({ size: '3h', slide: '1h', aggregates: defaultAggregates }),
  code: customAggregate,
};

export const sessionWindowSpec: NodeTypeSpec<SessionWindowConfig> = {
  type: 'sessionWindow',
  version: 1,
  category: 'window',
  label: 'Session window',
  description:
    "Per-key sessions that close after `gap` without records (Flink's `EventTimeSessionWindows`); a record that bridges two sessions merges them.",
  ...ports,
  config: SessionWindowConfig,
  defaults: SessionWindowConfig.parse({ gap: '30m', aggregates: defaultAggregates }),
  code: customAggregate,
};

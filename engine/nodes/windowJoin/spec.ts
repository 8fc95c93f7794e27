/**
 * `windowJoin`: joins every pair of left and right records with equal keys in the same
 * tumbling event-time window (Flink's `DataStream.join(...).window(TumblingEventTimeWindows)`),
 * when the window fires.
 */
import { z } from 'zod';
import { Duration, KeySpec, PositiveDuration } from '../../pipeline/config-schemas.ts';
import { ERRORS, LATE, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { joinCode, twoInputKeys } from '../common/join-config.ts';
import { LEFT, RIGHT } from '../common/ports.ts';
import { str } from '../common/looks.ts';

export const WindowJoinConfig = z.object({
  leftKey: KeySpec,
  rightKey: KeySpec,
  size: PositiveDuration.describe('tumbling window length'),
  offset: Duration.default(0),
});
export type WindowJoinConfig = z.output<typeof WindowJoinConfig>;

export const windowJoinSpec: NodeTypeSpec<WindowJoinConfig> = {
  type: 'windowJoin',
  version: 1,
  category: 'join',
  label: 'Window join',
  description:
    "Joins every pair of left and right records with equal keys in the same tumbling event-time window (Flink's `DataStream.join(...).window(TumblingEventTimeWindows)`), when the window fires; rows also carry `window_start` and `window_end`. Records for windows that already fired go to `late`.",
  inputs: [LEFT, RIGHT],
  outputs: [OUT, LATE, ERRORS],
  config: WindowJoinConfig,
  defaults: WindowJoinConfig.parse({ leftKey: { fields: ['id'] }, rightKey: { fields: ['id'] }, size: '1h' }),
  code: joinCode,
  capabilities: {
    keys: twoInputKeys,
    expressionFields: ['leftKey', 'rightKey'],
    state: [
      { name: 'windows', kind: 'map', description: 'per key and window: left and right records' },
      { name: 'timers', kind: 'timers', description: 'per key and window: end - 1' },
    ],
  },
  look: { icon: 'combine', summary: (c) => `window ${str(c.size)}` },
};

/**
 * `sessionWindow`: per-key sessions that close after `gap` without records (Flink's
 * `EventTimeSessionWindows`); a record that bridges two sessions merges them.
 */
import { z } from 'zod';
import { PositiveDuration } from '../../pipeline/config-schemas.ts';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { customAggregate, defaultAggregates, windowBase, windowCapabilities, windowPorts } from '../common/window-config.ts';
import { windowSummary } from '../common/looks.ts';

export const SessionWindowConfig = z.object({
  ...windowBase,
  gap: PositiveDuration.describe('a session closes after this long without records for its key'),
});
export type SessionWindowConfig = z.output<typeof SessionWindowConfig>;

export const sessionWindowSpec: NodeTypeSpec<SessionWindowConfig> = {
  type: 'sessionWindow',
  version: 1,
  category: 'window',
  label: 'Session window',
  description:
    "Per-key sessions that close after `gap` without records (Flink's `EventTimeSessionWindows`); a record that bridges two sessions merges them.",
  ...windowPorts,
  config: SessionWindowConfig,
  defaults: SessionWindowConfig.parse({ gap: '30m', aggregates: defaultAggregates }),
  code: customAggregate,
  capabilities: windowCapabilities,
  look: { icon: 'timer', summary: windowSummary('gap') },
};

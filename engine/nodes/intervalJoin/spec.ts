/**
 * `intervalJoin`: joins left and right records with equal keys when `right.ts` lies in
 * `[left.ts + lowerBound, left.ts + upperBound]` (Flink's `IntervalJoinOperator`). Two keyed
 * inputs; its watermark is the minimum of both. Without code a joined row is
 * `{ ...left, ...right }` (right's fields win on a name clash).
 */
import { z } from 'zod';
import { Duration, KeySpec, MAX_DURATION_MS } from '../../pipeline/config-schemas.ts';
import { ERRORS, LATE, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { joinCode, twoInputKeys } from '../common/join-config.ts';
import { LEFT, RIGHT } from '../common/ports.ts';
import { str } from '../common/looks.ts';

export const IntervalJoinConfig = z
  .object({
    leftKey: KeySpec,
    rightKey: KeySpec,
    lowerBound: z.union([z.number().int(), z.string()]).describe('ms (may be negative) or a duration like "-5m"'),
    upperBound: z.union([z.number().int(), z.string()]).describe('ms or a duration like "10m"'),
  })
  .transform((c, ctx) => {
    const lower = signedDuration(c.lowerBound);
    const upper = signedDuration(c.upperBound);
    if (lower === undefined) ctx.addIssue({ code: 'custom', message: 'a duration, e.g. -300000 or "-5m"', path: ['lowerBound'] });
    if (upper === undefined) ctx.addIssue({ code: 'custom', message: 'a duration, e.g. 600000 or "10m"', path: ['upperBound'] });
    if (lower !== undefined && upper !== undefined && lower > upper)
      ctx.addIssue({ code: 'custom', message: 'lowerBound must not exceed upperBound', path: ['lowerBound'] });
    return { leftKey: c.leftKey, rightKey: c.rightKey, lowerBound: lower ?? 0, upperBound: upper ?? 0 };
  });
export type IntervalJoinConfig = z.output<typeof IntervalJoinConfig>;

/** ms of a signed duration (`-5m`, `600000`), at most 100 years either way; `undefined` otherwise. */
function signedDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Math.abs(value) <= MAX_DURATION_MS ? value : undefined;
  const negative = value.trim().startsWith('-');
  const ms = Duration.safeParse(negative ? value.trim().slice(1) : value);
  return ms.success ? (negative ? -ms.data : ms.data) : undefined;
}

export const intervalJoinSpec: NodeTypeSpec<IntervalJoinConfig> = {
  type: 'intervalJoin',
  version: 1,
  category: 'join',
  label: 'Interval join',
  description:
    "Joins left and right records with equal keys when `right.ts` lies in `[left.ts + lowerBound, left.ts + upperBound]` (Flink's `IntervalJoinOperator`, both bounds inclusive). The joined record's timestamp is the larger of the two. Records behind the watermark go to `late`.",
  inputs: [LEFT, RIGHT],
  outputs: [OUT, LATE, ERRORS],
  config: IntervalJoinConfig,
  defaults: IntervalJoinConfig.parse({
    leftKey: { fields: ['id'] },
    rightKey: { fields: ['id'] },
    lowerBound: '-5m',
    upperBound: '5m',
  }),
  code: joinCode,
  capabilities: {
    keys: twoInputKeys,
    expressionFields: ['leftKey', 'rightKey'],
    state: [
      { name: 'left', kind: 'map', description: 'per key: buffered left records by timestamp' },
      { name: 'right', kind: 'map', description: 'per key: buffered right records by timestamp' },
      { name: 'timers', kind: 'timers', description: 'cleanup of buffered records once the watermark passes their bound' },
    ],
  },
  look: { icon: 'arrow-left-right', summary: (c) => `[${str(c.lowerBound)}, ${str(c.upperBound)}]` },
};

/**
 * Join node types. `intervalJoin` and `windowJoin` are two-input keyed operators with a
 * `left` and a `right` input; their watermark is the minimum of both. `lookupJoin` enriches
 * one stream from a static table file loaded at start. Without `code`, a joined row is
 * `{ ...left, ...right }` (right's fields win on a name clash); with `code`, an expression over
 * `left` and `right` builds it.
 */
import { z } from 'zod';
import { Duration, KeySpec, PositiveDuration } from './common.ts';
import { ERRORS, LATE, OUT, type CodeSpec, type InputPortSpec, type NodeTypeSpec } from '../node-spec.ts';

const LEFT: InputPortSpec = { id: 'left', label: 'left', accepts: ['records', 'keyed'], multiple: false };
const RIGHT: InputPortSpec = { id: 'right', label: 'right', accepts: ['records', 'keyed'], multiple: false };

const joinCode: CodeSpec = {
  kind: 'expression',
  params: ['left', 'right'],
  required: false,
  template: '({ ...left, ...right })',
  contract: '(left, right) => joined record',
};

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

function signedDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
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
};

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
};

export const LookupJoinConfig = z.object({
  table: z.string().min(1).describe('CSV, JSON or JSONL file, relative to the pipeline file'),
  format: z.enum(['auto', 'csv', 'json', 'jsonl']).default('auto'),
  key: KeySpec.describe('key of the stream record'),
  tableKey: z.array(z.string().min(1)).min(1).describe('table columns matched against the key'),
  select: z.array(z.string().min(1)).optional().describe('table columns to add (default: all)'),
  prefix: z.string().default('').describe('prefix for added columns, e.g. "origin_"'),
  mode: z.enum(['leftOuter', 'inner']).default('leftOuter').describe('inner: records without a match are filtered'),
});
export type LookupJoinConfig = z.output<typeof LookupJoinConfig>;

export const lookupJoinSpec: NodeTypeSpec<LookupJoinConfig> = {
  type: 'lookupJoin',
  version: 1,
  category: 'join',
  label: 'Lookup join',
  description:
    "Enriches each record with the matching row of a static table file, loaded once at start (Flink SQL's lookup join `FOR SYSTEM_TIME AS OF`, with a static table). `leftOuter` keeps records without a match (added columns are null); `inner` filters them.",
  inputs: [{ id: 'in', label: 'in', accepts: ['records', 'keyed'], multiple: false }],
  outputs: [OUT, ERRORS],
  config: LookupJoinConfig,
  defaults: LookupJoinConfig.parse({
    table: '../data/airports.csv',
    key: { fields: ['origin'] },
    tableKey: ['iata'],
    select: ['state', 'city'],
    prefix: 'origin_',
  }),
};

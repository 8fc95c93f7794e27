/** `process`: a keyed process function (Flink's `KeyedProcessFunction`) with keyed state and timers. */
import { z } from 'zod';
import { KeySpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, IN, OUT, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { keyText } from '../common/looks.ts';

export const ProcessConfig = z.object({
  key: KeySpec.optional().describe('omit to inherit the key of an upstream keyBy'),
});
export type ProcessConfig = z.output<typeof ProcessConfig>;

export const processSpec: NodeTypeSpec<ProcessConfig> = {
  type: 'process',
  version: 1,
  category: 'transform',
  label: 'Process function',
  description:
    "A keyed process function (Flink's `KeyedProcessFunction`): `onEvent(event, ctx)` per record and `onTimer(timestamp, ctx)` when an event-time timer fires. `ctx` has keyed state (`ctx.state.value/map/list(name)`), `ctx.timers.registerEventTime(ts)`, `ctx.emit(record)`, `ctx.sideOutput(record)` (to the `side` output), `ctx.timestamp`, `ctx.watermark` and `ctx.key`.",
  inputs: [IN],
  outputs: [OUT, { id: 'side', label: 'side', kind: 'records' }, ERRORS],
  config: ProcessConfig,
  defaults: {},
  code: {
    kind: 'module',
    params: [],
    exports: [
      { name: 'onEvent', required: true },
      { name: 'onTimer', required: false },
    ],
    required: true,
    template: [
      'function onEvent(event: Input, ctx: ProcessContext) {',
      "  const seen = ctx.state.value<number>('seen');",
      '  seen.set((seen.get() ?? 0) + 1);',
      '  ctx.emit({ ...event, seen: seen.get() });',
      '}',
      '',
      'function onTimer(timestamp: number, ctx: ProcessContext) {}',
    ].join('\n'),
    contract: 'function onEvent(event, ctx) and optionally function onTimer(timestamp, ctx)',
  },
  capabilities: {
    keys: [{ port: 'in', field: 'key', required: true }],
    expressionFields: ['key'],
    state: [
      { name: '(user-named)', kind: 'value', description: 'value, map and list state the code declares by name' },
      { name: 'timers', kind: 'timers', description: 'event-time timers the code registers, per key' },
    ],
  },
  look: { icon: 'cpu', summary: (c) => keyText(c.key) || 'inherits key' },
};

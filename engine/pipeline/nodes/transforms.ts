/**
 * Stateless transforms with user TypeScript (`map`, `filter`, `flatMap`), the key selector
 * (`keyBy`), the keyed process function (`process`) and `union`. A record on which user code
 * throws goes to the node's `errors` output with the error; the stream goes on.
 */
import { z } from 'zod';
import { KeySpec } from './common.ts';
import { ANY_KIND, ERRORS, IN, OUT, type NodeTypeSpec } from '../node-spec.ts';

const NoConfig = z.object({});
type NoConfig = z.output<typeof NoConfig>;

const ANY_IN = { ...IN, accepts: ANY_KIND };

export const mapSpec: NodeTypeSpec<NoConfig> = {
  type: 'map',
  version: 1,
  category: 'transform',
  label: 'Map',
  description: 'Turns each record into one new record (Flink\'s `map`). The timestamp is kept.',
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: '({ ...event })',
    contract: '(event) => record: an expression, or a function body with `return`',
  },
};

export const filterSpec: NodeTypeSpec<NoConfig> = {
  type: 'filter',
  version: 1,
  category: 'transform',
  label: 'Filter',
  description: "Keeps the records for which the expression is truthy (Flink's `filter`); the others are counted as filtered.",
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: 'event.delay > 0',
    contract: '(event) => boolean',
  },
};

export const flatMapSpec: NodeTypeSpec<NoConfig> = {
  type: 'flatMap',
  version: 1,
  category: 'transform',
  label: 'Flat map',
  description: "Turns each record into zero or more records (Flink's `flatMap`); returning an empty array filters the record.",
  inputs: [ANY_IN],
  outputs: [OUT, ERRORS],
  config: NoConfig,
  defaults: {},
  code: {
    kind: 'expression',
    params: ['event'],
    required: true,
    template: '[event]',
    contract: '(event) => record[]',
  },
};

export const KeyByConfig = z.object({ key: KeySpec });
export type KeyByConfig = z.output<typeof KeyByConfig>;

export const keyBySpec: NodeTypeSpec<KeyByConfig> = {
  type: 'keyBy',
  version: 1,
  category: 'transform',
  label: 'Key by',
  description:
    "Partitions the stream by key (Flink's `keyBy`). Records pass unchanged; windows, joins and process functions directly downstream use this key.",
  inputs: [IN],
  outputs: [{ id: 'out', label: 'out', kind: 'keyed' }],
  config: KeyByConfig,
  defaults: { key: { fields: ['origin'] } },
};

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
      'function onEvent(event, ctx) {',
      "  const seen = ctx.state.value<number>('seen');",
      '  seen.set((seen.get() ?? 0) + 1);',
      '  ctx.emit({ ...event, seen: seen.get() });',
      '}',
      '',
      'function onTimer(timestamp, ctx) {}',
    ].join('\n'),
    contract: 'function onEvent(event, ctx) and optionally function onTimer(timestamp, ctx)',
  },
};

export const unionSpec: NodeTypeSpec<NoConfig> = {
  type: 'union',
  version: 1,
  category: 'transform',
  label: 'Union',
  description:
    "Merges several streams into one (Flink's `union`). Its watermark is the minimum over its non-idle inputs.",
  inputs: [{ id: 'in', label: 'in', accepts: ANY_KIND, multiple: true }],
  outputs: [OUT],
  config: NoConfig,
  defaults: {},
};

/**
 * Config shared by the event-time window node types (Flink's window assigners with
 * `EventTimeTrigger`): key, allowed lateness, aggregates, and the custom-aggregate code contract.
 */
import { z } from 'zod';
import { AggregateSpec, Duration, KeySpec } from '../../pipeline/config-schemas.ts';
import { IN, LATE, OUT, type CodeSpec, type NodeCapabilities } from '../../pipeline/node-spec.ts';

export const windowBase = {
  key: KeySpec.optional().describe('omit to inherit the key of an upstream keyBy (or for one global window)'),
  allowedLateness: Duration.default(0).describe('how long after firing a window still accepts records'),
  aggregates: z.array(AggregateSpec).min(1).describe('named aggregates, e.g. { name: "flights", fn: "count" }'),
};

/** A user aggregate for `fn: "custom"` (Flink's `AggregateFunction`). */
export const customAggregate: CodeSpec = {
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
    'type Acc = { sum: number; n: number };',
    'function create(): Acc { return { sum: 0, n: 0 }; }',
    'function add(acc: Acc, event: Input): Acc { acc.sum += Number(event.delay); acc.n += 1; return acc; }',
    'function merge(a: Acc, b: Acc): Acc { return { sum: a.sum + b.sum, n: a.n + b.n }; }',
    'function result(acc: Acc) { return acc.n === 0 ? null : acc.sum / acc.n; }',
  ].join('\n'),
  contract: 'function create(), add(acc, event), merge(a, b), result(acc)',
};

export const windowPorts = { inputs: [IN], outputs: [OUT, LATE] } as const;

export const defaultAggregates = [
  { name: 'flights', fn: 'count' as const },
  { name: 'avg_delay', fn: 'avg' as const, field: 'delay' },
];

/** Windows are keyed by their own key, an upstream keyBy's, or one global key. */
export const windowCapabilities: NodeCapabilities = {
  keys: [{ port: 'in', field: 'key', required: false }],
  expressionFields: ['key'],
  state: [
    { name: 'windows', kind: 'map', description: 'per key: window start → accumulator' },
    { name: 'timers', kind: 'timers', description: 'per key and window: end - 1 (fire) and end - 1 + allowed lateness (cleanup)' },
  ],
};

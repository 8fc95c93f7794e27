/**
 * Config vocabulary several node types share: durations, key selection, event time, watermark
 * strategy, aggregates and replay speed. Pure zod (the editor builds forms from it).
 */
import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `"250ms"`, `"10s"`, `"5m"`, `"1h"`, `"1d"` (or a plain number of milliseconds).
 * @returns milliseconds, or `undefined` when the text is not a duration.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)\s*$/.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] ?? NaN);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * The longest duration a config may hold: 100 years of milliseconds. Event-time arithmetic
 * (`end - 1 + allowedLateness`) must stay exact in a double; nothing useful is longer.
 */
export const MAX_DURATION_MS = 100 * 365 * 86_400_000;

/** A duration: milliseconds as a number, or a string such as `"5m"` or `"1h"`; at most 100 years. */
export const Duration = z
  .union([z.number().int().nonnegative(), z.string()])
  .refine((v) => parseDuration(v) !== undefined, {
    message: 'a duration: milliseconds, or a number with ms, s, m, h or d (e.g. "5m")',
  })
  .refine((v) => (parseDuration(v) ?? 0) <= MAX_DURATION_MS, { message: 'a duration of at most 100 years (36500d)' })
  .transform((v) => parseDuration(v) as number);

/** A positive duration (window sizes, gaps). */
export const PositiveDuration = Duration.refine((ms) => ms > 0, { message: 'must be greater than 0' });

/**
 * How a keyed operator finds a record's key: one or more fields, or a TypeScript expression
 * over `event` (in the node's `code` when `code: true`). Keys compare as strings.
 */
export const KeySpec = z.union([
  z.object({ fields: z.array(z.string().min(1)).min(1).describe('fields whose values form the key') }),
  z.object({ expression: z.string().min(1).describe('TypeScript expression over `event` returning the key') }),
]);
export type KeySpec = z.output<typeof KeySpec>;

/** Formats an event-time field may have; `auto` tells them apart per value. */
export const TimeFormat = z.enum(['auto', 'iso', 'epochMillis', 'epochSeconds', 'yyyy/MM/dd HH:mm']);
export type TimeFormat = z.output<typeof TimeFormat>;

/**
 * Where a record's timestamp comes from. `event` reads a field (ISO-8601, `yyyy/MM/dd HH:mm[:ss]`
 * read as UTC, or epoch ms), `expression` evaluates TypeScript over `event` returning epoch ms
 * or a date string, `processing` stamps the wall clock (Flink's processing time).
 */
export const TimeSpec = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('event'),
    field: z.string().min(1).describe('field holding the event time'),
    format: TimeFormat.default('auto'),
  }),
  z.object({
    mode: z.literal('expression'),
    expression: z.string().min(1).describe('TypeScript over `event` returning epoch ms or a date string'),
  }),
  z.object({ mode: z.literal('processing') }),
]);
export type TimeSpec = z.output<typeof TimeSpec>;

/**
 * Flink's `WatermarkStrategy.forBoundedOutOfOrderness(bound)`: `W = maxTimestamp - bound - 1`.
 * `periodic` emits every `intervalMs` of processing time (Flink's auto-watermark interval,
 * default 200 ms); `punctuated` emits after every record, which makes lateness deterministic.
 * A source with no record for `idleTimeoutMs` is marked idle and ignored by downstream minimums
 * (`withIdleness`).
 */
export const WatermarkSpec = z.object({
  maxOutOfOrderness: Duration.default(0).describe('bound on how far out of order events arrive'),
  emit: z.enum(['periodic', 'punctuated']).default('periodic'),
  interval: PositiveDuration.default(200).describe('periodic emission interval (processing time)'),
  idleTimeout: Duration.optional().describe('mark the source idle after this long without records'),
});
export type WatermarkSpec = z.output<typeof WatermarkSpec>;

/** Built-in aggregate functions of the window nodes (Flink SQL's names in lower case). */
export const AggregateFn = z.enum(['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'countDistinct', 'custom']);
export type AggregateFn = z.output<typeof AggregateFn>;

export const AggregateSpec = z
  .object({
    name: z.string().min(1).describe('output field'),
    fn: AggregateFn,
    field: z.string().min(1).optional().describe('input field (all but count and custom need one)'),
  })
  .refine((a) => a.fn === 'count' || a.fn === 'custom' || a.field !== undefined, {
    message: 'this aggregate needs a "field"',
    path: ['field'],
  });
export type AggregateSpec = z.output<typeof AggregateSpec>;

/** Replay speed: `max` (as fast as possible) or a multiple of event time (1 = real time). */
export const ReplaySpeed = z.union([z.literal('max'), z.number().positive()]);
export type ReplaySpeed = z.output<typeof ReplaySpeed>;

/** Types a CSV column (or a Kafka CSV value's column) may be declared with. */
export const ColumnType = z.enum(['string', 'number', 'integer', 'boolean', 'json']);
export type ColumnType = z.output<typeof ColumnType>;

/** The config of a node type that has none (map, filter, union, ...). */
export const NoConfig = z.object({});
export type NoConfig = z.output<typeof NoConfig>;

/** Environment variable names a secret may come from (POSIX portable names). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A credential (password, private key): the value itself, or `{ env: NAME }`, which the launcher
 * (`tributary run`, the studio's engine host, a job bundle) reads from its own environment and
 * hands to the job (whose environment is empty). Fields of this type are listed in the node
 * type's `capabilities.secrets`: masked in the inspector, left out of exported bundles.
 */
export const SecretValue = z.union([
  z.string(),
  z.object({ env: z.string().regex(ENV_NAME, 'an environment variable name (letters, digits, _)') }).strict(),
]);
export type SecretValue = z.output<typeof SecretValue>;

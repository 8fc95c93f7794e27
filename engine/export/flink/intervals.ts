/**
 * Durations as Flink SQL interval literals. Flink 1.20 keeps Calcite's default leading precision
 * of 2 digits and refuses any other (`DAY_INTERVAL_TYPES precision is not supported`), so
 * `INTERVAL '300' SECOND` fails; a duration is written in the largest unit that divides it with
 * at most two digits (`INTERVAL '5' MINUTE`), else as `INTERVAL 'd hh:mm:ss.fff' DAY TO
 * SECOND(3)`, which covers everything below 100 days to the millisecond.
 */

const UNITS: readonly [string, number][] = [
  ['DAY', 86_400_000],
  ['HOUR', 3_600_000],
  ['MINUTE', 60_000],
  ['SECOND', 1000],
];

/** Longest duration an interval literal can hold here (99 days 23:59:59.999). */
export const MAX_INTERVAL_MS = 100 * 86_400_000 - 1;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * A Flink SQL interval literal of `ms` milliseconds (0 ≤ ms ≤ {@link MAX_INTERVAL_MS}).
 * @returns e.g. `INTERVAL '1' HOUR`, `INTERVAL '0 00:05:00.001' DAY TO SECOND(3)`, or
 *   `undefined` when the duration is negative, fractional or too long.
 */
export function intervalLiteral(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_INTERVAL_MS) return undefined;
  if (ms === 0) return `INTERVAL '0' SECOND`;
  for (const [unit, size] of UNITS) {
    if (ms % size === 0 && ms / size < 100) return `INTERVAL '${ms / size}' ${unit}`;
  }
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `INTERVAL '${days} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(millis, 3)}' DAY TO SECOND(3)`;
}

/** `5 min`, `1 h`, `250 ms`: a duration as Flink configuration text (`'5 min'`). */
export function durationOption(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

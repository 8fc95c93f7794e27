/** Replay speed from the command line (`--speed`), shared by `tributary run` and exported bundles. */
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';

/**
 * Parses `max`, or a positive multiple of event time (`10`, `10x`, `0.5`).
 * @throws Error with a one-line usage message otherwise.
 */
export function parseSpeed(text: string): ReplaySpeed {
  if (text === 'max') return 'max';
  const n = Number(text.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--speed takes "max" or a positive number (e.g. 10 or 10x), not "${text}"`);
  return n;
}

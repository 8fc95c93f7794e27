/** Number and time formats of the live view. */

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function formatRate(perSecond: number): string {
  return `${formatCount(perSecond)}/s`;
}

/** `2001-01-01 06:00` in UTC (event time is UTC). */
export function formatEventTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatDuration(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${(s / 60).toFixed(0)}m`;
  if (s < 86400 * 2) return `${(s / 3600).toFixed(1)}h`;
  return `${(s / 86400).toFixed(1)}d`;
}

export function formatWatermark(ms: number | null, finished: boolean, newest: number | null): string {
  if (finished) return '+∞ (end)';
  if (ms === null) return '—';
  const lag = newest !== null ? ` (−${formatDuration(newest - ms)})` : '';
  return formatEventTime(ms) + lag;
}

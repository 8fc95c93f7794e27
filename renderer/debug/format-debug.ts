/**
 * How the debugger shows and reads times: ISO-8601 in UTC, `−∞` before the first watermark; a
 * typed time is UTC unless it names a zone (`2001-01-01T06:00` is 06:00 UTC), as event times
 * are epoch ms shown in UTC everywhere.
 */

/** A watermark or event time (epoch ms), or `−∞` / `+∞ (end)`. */
export function showTime(ms: number | null | undefined, finished = false): string {
  if (ms === null || ms === undefined) return finished ? '+∞ (end)' : '−∞';
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** A record as one short line of JSON. */
export function showRecord(record: unknown, max = 240): string {
  const text = JSON.stringify(record) ?? String(record);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A typed date-time as epoch ms (UTC unless it names a zone); undefined when unreadable. */
export function parseTypedTime(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^-?\d+$/.test(t)) return Number(t);
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(t);
  const ms = Date.parse(zoned ? t : `${t.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

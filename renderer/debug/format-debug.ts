/** How the debugger shows times and watermarks: ISO-8601 in UTC, `−∞` before the first watermark. */

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

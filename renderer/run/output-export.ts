/**
 * The Output panel's downloads: the retained records of a node's port as JSON Lines (one JSON
 * object a line, as the file sink writes) or CSV (RFC 4180: a header of every field seen, fields
 * quoted when they hold a comma, quote or line break; nested values as JSON).
 */

/** The fields of `rows` in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** One JSON object a line, each line ending in `\n`. */
export function toJsonl(rows: readonly Record<string, unknown>[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}

function csvField(v: unknown): string {
  const s =
    v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line of every field, then one line per row (`\r\n` line ends, as RFC 4180 has them). */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = columnsOf(rows);
  return [
    columns.map(csvField).join(','),
    ...rows.map((r) => columns.map((c) => csvField(r[c])).join(',')),
  ]
    .map((l) => `${l}\r\n`)
    .join('');
}

/** Offers `text` to the browser as a download named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Comparing what a sink wrote on the two engines, as multisets of rows (row order across
 * Flink's part files, and across parallel tasks, means nothing). Pure: the CLI and the studio's
 * host use it. Rows are normalised first, for what the engines write differently but mean the
 * same:
 * - a field that is NULL: Flink writes `"x": null` for a column the node form's record lacks
 *   (null-valued fields are dropped on both sides);
 * - numbers: Flink writes a DOUBLE `66.0` where the node form writes `66` (equal once parsed);
 * - timestamps: Flink's JSON writes `2001-01-01 00:00:00`, `…T00:00:00`, drops trailing zero
 *   digits and adds `Z` to TIMESTAMP_LTZ; every such text becomes `Date#toISOString()`.
 */

/** A row as parsed from a sink's JSON lines. */
export type SinkRow = Record<string, unknown>;

/** How many rows to show of each difference. */
export const SHOWN_ROWS = 5;

/** One sink's comparison. */
export interface SinkDiff {
  nodeId: string;
  equal: boolean;
  tributaryRows: number;
  flinkRows: number;
  /** Rows in both (counted with multiplicity). */
  matched: number;
  /** Rows Flink wrote more often than Tributary: the count and the first {@link SHOWN_ROWS}, normalised. */
  onlyFlink: { count: number; first: SinkRow[] };
  onlyTributary: { count: number; first: SinkRow[] };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z?$/;

/** A value with nulls dropped from objects, keys sorted and timestamp texts made ISO-8601. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    const iso = value.replace(' ', 'T');
    const ms = Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  if (typeof value === 'number' && Object.is(value, -0)) return 0;
  return value;
}

function counts(rows: readonly SinkRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = JSON.stringify(normalise(r));
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function surplus(a: Map<string, number>, b: Map<string, number>): { count: number; first: SinkRow[] } {
  let count = 0;
  const first: SinkRow[] = [];
  for (const [k, n] of a) {
    const extra = n - (b.get(k) ?? 0);
    if (extra <= 0) continue;
    count += extra;
    for (let i = 0; i < extra && first.length < SHOWN_ROWS; i++) first.push(JSON.parse(k) as SinkRow);
  }
  return { count, first };
}

/** Compares one sink's rows from both engines. */
export function diffSink(nodeId: string, tributary: readonly SinkRow[], flink: readonly SinkRow[]): SinkDiff {
  const t = counts(tributary);
  const f = counts(flink);
  const onlyFlink = surplus(f, t);
  const onlyTributary = surplus(t, f);
  return {
    nodeId,
    equal: onlyFlink.count === 0 && onlyTributary.count === 0,
    tributaryRows: tributary.length,
    flinkRows: flink.length,
    matched: tributary.length - onlyTributary.count,
    onlyFlink,
    onlyTributary,
  };
}

/** The per-sink summary lines the CLI prints. */
export function diffLines(diffs: readonly SinkDiff[]): string[] {
  const lines: string[] = [];
  for (const d of diffs) {
    lines.push(`${d.equal ? 'equal    ' : 'DIFFERENT'} ${d.nodeId}: ${d.matched} rows equal, ${d.onlyFlink.count} only in Flink, ${d.onlyTributary.count} only in Tributary (Tributary ${d.tributaryRows}, Flink ${d.flinkRows})`);
    for (const [label, side] of [['only in Flink', d.onlyFlink], ['only in Tributary', d.onlyTributary]] as const) {
      if (side.count === 0) continue;
      lines.push(`  ${label} (first ${side.first.length} of ${side.count}):`);
      for (const r of side.first) lines.push(`    ${JSON.stringify(r)}`);
    }
  }
  return lines;
}

/**
 * A `RowDiff` (`row-diff.ts`) as the lines the CLI prints, for a test (expected / actual:
 * *missing*, *unexpected*, *changed*) or a behaviour diff (A / B: *only in A*, *only in B*,
 * *changed*). Changed rows show their key and each differing field as `before → after`. Pure.
 */
import type { ChangedRow, Row, RowDiff } from './row-diff.ts';

/** What the two sides are called. */
export interface DiffLabels {
  /** The sides in the headline: `expected` / `actual`, `A` / `B`. */
  a: string;
  b: string;
  /** Rows only on one side: `missing` / `unexpected`, `only in A` / `only in B`. */
  onlyA: string;
  onlyB: string;
}

export const TEST_LABELS: DiffLabels = { a: 'expected', b: 'got', onlyA: 'missing', onlyB: 'unexpected' };
export const AB_LABELS: DiffLabels = { a: 'A', b: 'B', onlyA: 'only in A', onlyB: 'only in B' };

const json = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** `origin=DTW, window_start=2001-01-01T00:00:00.000Z: flights 2 → 1` */
export function changedLine(c: ChangedRow): string {
  const key = Object.entries(c.key)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : json(v)}`)
    .join(', ');
  const fields = c.fields.map((f) => `${f} ${json(c.a[f])} → ${json(c.b[f])}`).join(', ');
  return `${key}: ${fields}`;
}

/** The one-line summary of an output's diff: `hourly: 3 missing, 1 unexpected, 2 changed (…)`. */
export function diffHeadline(name: string, d: RowDiff, labels: DiffLabels): string {
  const parts = [`${d.matched} equal`, `${d.onlyA.count} ${labels.onlyA}`, `${d.onlyB.count} ${labels.onlyB}`, `${d.changed.count} changed`];
  const key = d.key ? `; key ${d.key.join(', ')}` : '';
  return `${name}: ${d.equal ? 'equal' : 'DIFFERENT'} — ${parts.join(', ')} (${labels.a} ${d.aRows} rows, ${labels.b} ${d.bRows}${key})`;
}

/**
 * The headline and, for a difference, the rows shown: each kind under its label, `first N of
 * M`, then where the order differs. Indented by `indent`.
 */
export function rowDiffLines(name: string, d: RowDiff, labels: DiffLabels, indent = ''): string[] {
  const lines = [`${indent}${diffHeadline(name, d, labels)}`];
  const rows = (label: string, count: number, shown: Row[]): void => {
    if (count === 0) return;
    lines.push(`${indent}  ${label}${shown.length < count ? ` (first ${shown.length} of ${count})` : ''}:`);
    for (const r of shown) lines.push(`${indent}    ${JSON.stringify(r)}`);
  };
  rows(labels.onlyA, d.onlyA.count, d.onlyA.first);
  rows(labels.onlyB, d.onlyB.count, d.onlyB.first);
  if (d.changed.count > 0) {
    lines.push(`${indent}  changed${d.changed.first.length < d.changed.count ? ` (first ${d.changed.first.length} of ${d.changed.count})` : ''}:`);
    for (const c of d.changed.first) lines.push(`${indent}    ${changedLine(c)}`);
  }
  if (d.order)
    lines.push(`${indent}  order differs at row ${d.order.position + 1}: ${labels.a} ${JSON.stringify(d.order.a)}, ${labels.b} ${JSON.stringify(d.order.b)}`);
  return lines;
}

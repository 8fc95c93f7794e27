/**
 * The one comparer of two outputs (lists of rows), shared by `tributary test` (expected vs
 * actual), `tributary diff` and the studio's compare view (pipeline A vs B), exported bundles'
 * `--test`, and the Flink check (Tributary vs Flink, `engine/export/flink/check/sink-diff.ts`).
 *
 * Rows are compared as multisets of their canonical form (object keys sorted, `-0` is `0`; a
 * caller may normalise more, as the Flink check does for Flink's JSON). With a key (fields that
 * identify a row), rows left over on both sides under the same key are reported as *changed*,
 * with the fields that differ; the rest are only in A or only in B. With `ordered`, outputs
 * holding the same rows in another order differ too, at the first position where they part.
 *
 * Pure: no Node modules (the renderer may import it).
 */

/** A row as read from a sink's JSON lines. */
export type Row = Record<string, unknown>;

/** How many rows of each kind a diff keeps to show, by default. */
export const SHOWN_ROWS = 5;

export interface RowDiffOptions {
  /** Fields that identify a row: leftovers with equal keys are reported as changed. */
  key?: readonly string[];
  /** Rows must also come in the same order. */
  ordered?: boolean;
  /** Normalises a row before comparison (default: `canonicalValue`). */
  canonical?: (value: unknown) => unknown;
  /** Top-level fields left out on both sides (also left out of the rows shown). */
  ignore?: readonly string[];
  /** How many rows of each kind to keep in `first` (default {@link SHOWN_ROWS}; `Infinity`: all). */
  shown?: number;
}

/** Rows found on one side only: how many (with multiplicity), and the first ones in that side's order. */
export interface DiffSide {
  count: number;
  first: Row[];
}

/** A row whose key is on both sides with other values. */
export interface ChangedRow {
  /** The key fields and their values. */
  key: Row;
  a: Row;
  b: Row;
  /** The top-level fields whose values differ (absent on one side counts). */
  fields: string[];
}

export interface RowDiff {
  equal: boolean;
  aRows: number;
  bRows: number;
  /** Rows on both sides (counted with multiplicity). */
  matched: number;
  /** The key used, if any. */
  key?: string[];
  onlyA: DiffSide;
  onlyB: DiffSide;
  changed: { count: number; first: ChangedRow[] };
  /** With `ordered`, when both sides hold the same rows in another order: where they first part (0-based). */
  order?: { position: number; a: Row; b: Row };
}

/** A value with object keys sorted (recursively) and `-0` as `0`: equal values give equal JSON. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonicalValue((value as Record<string, unknown>)[key]);
    return out;
  }
  if (typeof value === 'number' && Object.is(value, -0)) return 0;
  return value;
}

function without(row: Row, ignore: readonly string[] | undefined): Row {
  if (!ignore || ignore.length === 0) return row;
  const copy = { ...row };
  for (const f of ignore) delete copy[f];
  return copy;
}

interface Prepared {
  row: Row;
  text: string;
  group: string;
}

/**
 * Whether `key` identifies every row: each row on both sides has every key field, and no two
 * rows of one side share a key. Used to accept an inferred key.
 */
export function keyIdentifiesRows(key: readonly string[], a: readonly Row[], b: readonly Row[]): boolean {
  if (key.length === 0) return false;
  for (const rows of [a, b]) {
    const seen = new Set<string>();
    for (const r of rows) {
      if (key.some((k) => r[k] === undefined)) return false;
      const k = JSON.stringify(key.map((f) => canonicalValue(r[f])));
      if (seen.has(k)) return false;
      seen.add(k);
    }
  }
  return true;
}

/** The fields whose values differ between two rows. */
function differingFields(a: Row, b: Row, canonical: (v: unknown) => unknown): string[] {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields.filter((f) => JSON.stringify(canonical(a[f]) ?? null) !== JSON.stringify(canonical(b[f]) ?? null) || (f in a) !== (f in b));
}

/**
 * Compares two outputs.
 * @param a the first side (expected, A, Tributary)
 * @param b the second side (actual, B, Flink)
 */
export function diffRows(a: readonly Row[], b: readonly Row[], options: RowDiffOptions = {}): RowDiff {
  const canonical = options.canonical ?? canonicalValue;
  const shown = options.shown ?? SHOWN_ROWS;
  const key = options.key && options.key.length > 0 ? [...options.key] : undefined;
  const prepare = (row: Row): Prepared => {
    const kept = without(row, options.ignore);
    return { row: kept, text: JSON.stringify(canonical(kept)), group: key ? JSON.stringify(key.map((f) => canonical(kept[f]) ?? null)) : '' };
  };
  const pa = a.map(prepare);
  const pb = b.map(prepare);

  // Multiset matching: each B row takes an unmatched A row with the same canonical text.
  const waiting = new Map<string, number[]>();
  pa.forEach((p, i) => {
    const list = waiting.get(p.text);
    if (list) list.push(i);
    else waiting.set(p.text, [i]);
  });
  const matchedA = new Uint8Array(pa.length);
  const leftB: number[] = [];
  let matched = 0;
  const cursor = new Map<string, number>();
  pb.forEach((p, j) => {
    const list = waiting.get(p.text);
    const at = cursor.get(p.text) ?? 0;
    if (list && at < list.length) {
      matchedA[list[at] as number] = 1;
      cursor.set(p.text, at + 1);
      matched++;
    } else leftB.push(j);
  });
  const leftA: number[] = [];
  for (let i = 0; i < pa.length; i++) if (!matchedA[i]) leftA.push(i);

  // With a key, leftovers under the same key pair up, in order, as changed rows.
  const changedPairs: [number, number][] = [];
  let onlyA = leftA;
  let onlyB = leftB;
  if (key) {
    const byGroup = new Map<string, number[]>();
    for (const j of leftB) {
      const g = (pb[j] as Prepared).group;
      const list = byGroup.get(g);
      if (list) list.push(j);
      else byGroup.set(g, [j]);
    }
    const pairedB = new Set<number>();
    onlyA = [];
    for (const i of leftA) {
      const list = byGroup.get((pa[i] as Prepared).group);
      const j = list?.shift();
      if (j === undefined) onlyA.push(i);
      else {
        changedPairs.push([i, j]);
        pairedB.add(j);
      }
    }
    onlyB = leftB.filter((j) => !pairedB.has(j));
  }

  const side = (indices: number[], rows: Prepared[]): DiffSide => ({ count: indices.length, first: indices.slice(0, shown).map((i) => (rows[i] as Prepared).row) });
  const result: RowDiff = {
    equal: false,
    aRows: a.length,
    bRows: b.length,
    matched,
    ...(key ? { key } : {}),
    onlyA: side(onlyA, pa),
    onlyB: side(onlyB, pb),
    changed: {
      count: changedPairs.length,
      first: changedPairs.slice(0, shown).map(([i, j]) => {
        const ra = (pa[i] as Prepared).row;
        const rb = (pb[j] as Prepared).row;
        return { key: Object.fromEntries((key ?? []).map((f) => [f, ra[f]])), a: ra, b: rb, fields: differingFields(ra, rb, canonical) };
      }),
    },
  };
  const same = onlyA.length === 0 && onlyB.length === 0 && changedPairs.length === 0;
  if (same && options.ordered) {
    const position = pa.findIndex((p, i) => p.text !== (pb[i] as Prepared).text);
    if (position >= 0) result.order = { position, a: (pa[position] as Prepared).row, b: (pb[position] as Prepared).row };
  }
  result.equal = same && result.order === undefined;
  return result;
}

/**
 * An on-disk index of one node's keyed state at one point (checkpoint, savepoint, live), for
 * browsing it: keys in order (paged, by key prefix), one key's values and timers, the largest
 * entries, and a merge with another point's index (the checkpoint diff). It is built in one pass
 * over the node's chunks (`point-source.ts`), decoding one chunk at a time and writing rows to a
 * scratch LevelDB, so memory stays bounded whatever the number of keys; LevelDB keeps the rows
 * sorted by key, which the chunks are not (the heap backend writes them in insertion order).
 *
 * Rows: `<key>\0s<state name>` → `{"k": kind, "b": bytes, "v": JSON tree}` for each state entry
 * (the LevelDB timer service's index included, as timers), and `<key>\0t<timestamp>\0<namespace>`
 * → registration sequence number for each event-time timer, whichever backend wrote it. Keys are
 * escaped so that `\0` only ever separates (U+0001 → U+0001 U+0002, U+0000 → U+0001 U+0001).
 * A value's size is the bytes of its JSON tree: the same whichever backend or encoding wrote it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { classicLevel } from '../level.ts';
import { chunkEntries, chunkTimers, decodeChunk } from '../state/chunk-codec.ts';
import { parseTimerId, TIMER_STATE } from '../state/event-timers.ts';
import type { StateKind } from '../state/state-entries.ts';
import { toJsonTree, type JsonTree } from './json-tree.ts';
import type { PointChunk } from './point-source.ts';

/** One state entry of a key. `bytes`: of its JSON tree. */
export interface StateEntryView {
  name: string;
  kind: StateKind;
  bytes: number;
  value: JsonTree;
}

/** An event-time timer of a key (epoch ms; the namespace is a window's start for windows). */
export interface TimerView {
  timestamp: number;
  namespace: string | number;
}

/** Everything one key holds at the point. */
export interface KeyView {
  key: string;
  /** Bytes of its entries' JSON trees. */
  bytes: number;
  entries: StateEntryView[];
  timers: TimerView[];
}

/** A key in a page of keys. */
export interface KeyRow {
  key: string;
  bytes: number;
  /** State names that hold an entry for it. */
  names: string[];
  timers: number;
}

/** A state entry among the largest (`StateIndex.largest`). */
export interface SizedEntry {
  key: string;
  name: string;
  bytes: number;
}

export interface IndexSummary {
  /** Distinct keys (with state or timers). */
  keys: number;
  entries: number;
  timers: number;
  bytes: number;
  chunks: number;
  names: { name: string; kind: StateKind; entries: number; bytes: number }[];
}

/** One key's rows as stored: `[sub-key, value]`, sub-key `s<name>` or `t<ts>\0<ns>`. */
export interface RawGroup {
  key: string;
  rows: [string, string][];
}

const SEP = '\u0000';
/** The largest code point: an upper bound for every key with a given prefix. */
const TOP = '\u{10FFFF}';
/** Rows per write batch. */
const BATCH_ROWS = 8192;
/** Largest entries kept for the size order. */
export const LARGEST_KEPT = 10_000;

/** Escapes NUL (the separator) so that escaped keys keep their order and never contain it. */
export function escapeKey(key: string): string {
  return key.replaceAll('\u0001', '\u0001\u0002').replaceAll('\u0000', '\u0001\u0001');
}

function unescapeKey(escaped: string): string {
  if (!escaped.includes('\u0001')) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] as string;
    if (c === '\u0001' && i + 1 < escaped.length) {
      out += escaped[i + 1] === '\u0001' ? '\u0000' : '\u0001';
      i++;
    } else out += c;
  }
  return out;
}

const OFFSET = 2n ** 53n;
/**
 * Orders timestamps in keys: `ts + 2^53` as 14 hex digits, computed exactly (integers in ±2^53
 * keep their order and read back unchanged).
 */
const tsKey = (ts: number): string => (BigInt(Math.max(-(2 ** 53), Math.min(2 ** 53 - 1, Math.trunc(ts)))) + OFFSET).toString(16).padStart(14, '0');
const fromTsKey = (k: string): number => Number(BigInt(`0x${k}`) - OFFSET);
/** A timer's namespace in a row key: integers in order (`n` + `tsKey`), other numbers, strings. */
const nsKey = (ns: string | number): string => (typeof ns === 'string' ? `s${ns}` : Number.isSafeInteger(ns) ? `n${tsKey(ns)}` : `f${ns}`);

function nsFromKey(k: string): string | number {
  if (k[0] === 'n') return fromTsKey(k.slice(1));
  return k[0] === 'f' ? Number(k.slice(1)) : k.slice(1);
}

function timerFromSub(sub: string): TimerView {
  return { timestamp: fromTsKey(sub.slice(1, 15)), namespace: nsFromKey(sub.slice(16)) };
}

const bytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The index's order of a key's timers: by timestamp, then namespace. */
export function timerOrder(a: TimerView, b: TimerView): number {
  return a.timestamp - b.timestamp || bytewise(nsKey(a.namespace), nsKey(b.namespace));
}

/** The index's order of a key's entries: by state name (bytewise, as LevelDB sorts). */
export function entryOrder(a: StateEntryView, b: StateEntryView): number {
  return bytewise(a.name, b.name);
}

/** A bounded min-heap of the largest entries by bytes. */
class Largest {
  private readonly heap: SizedEntry[] = [];

  constructor(private readonly limit: number) {}

  offer(e: SizedEntry): void {
    const h = this.heap;
    if (h.length < this.limit) {
      h.push(e);
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if ((h[p] as SizedEntry).bytes <= (h[i] as SizedEntry).bytes) break;
        [h[p], h[i]] = [h[i] as SizedEntry, h[p] as SizedEntry];
        i = p;
      }
      return;
    }
    if (this.limit === 0 || e.bytes <= (h[0] as SizedEntry).bytes) return;
    h[0] = e;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && (h[l] as SizedEntry).bytes < (h[m] as SizedEntry).bytes) m = l;
      if (r < h.length && (h[r] as SizedEntry).bytes < (h[m] as SizedEntry).bytes) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i] as SizedEntry, h[m] as SizedEntry];
      i = m;
    }
  }

  /** Largest first; equal sizes by key. */
  sorted(): SizedEntry[] {
    return [...this.heap].sort((a, b) => b.bytes - a.bytes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

export class StateIndex {
  private constructor(
    private readonly dir: string,
    private readonly db: ClassicLevel<string, string>,
    readonly summary: IndexSummary,
    private readonly top: SizedEntry[],
  ) {}

  /**
   * Indexes one node's chunks into a new scratch LevelDB in a temporary folder under `parent`.
   * `onChunk(n)` reports progress after each chunk. @throws Error from the chunk source (the
   * folder is removed) or when a chunk is not a state chunk.
   */
  static async build(parent: string, chunks: AsyncIterable<PointChunk>, options: { largest?: number; onChunk?: (done: number) => void } = {}): Promise<StateIndex> {
    const dir = mkdtempSync(join(parent, 'tributary-state-index-'));
    const ClassicLevelClass = await classicLevel();
    const db = new ClassicLevelClass<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8', compression: true, writeBufferSize: 16 << 20, maxOpenFiles: 74 });
    try {
      await db.open();
      const largest = new Largest(options.largest ?? LARGEST_KEPT);
      const names = new Map<string, { name: string; kind: StateKind; entries: number; bytes: number }>();
      const summary: IndexSummary = { keys: 0, entries: 0, timers: 0, bytes: 0, chunks: 0, names: [] };
      let batch = db.batch();
      let rows = 0;
      const put = async (row: string, value: string): Promise<void> => {
        batch.put(row, value);
        if (++rows % BATCH_ROWS === 0) {
          await batch.write();
          batch = db.batch();
        }
      };
      const timer = async (key: string, ts: number, ns: string | number, seq: unknown): Promise<void> => {
        summary.timers++;
        await put(`${escapeKey(key)}${SEP}t${tsKey(ts)}${SEP}${nsKey(ns)}`, String(seq));
      };
      for await (const { partId, bytes } of chunks) {
        let chunk;
        try {
          chunk = decodeChunk(bytes);
        } catch (error) {
          throw new Error(`state chunk ${partId} cannot be read (${(error as Error).message})`);
        }
        for (const [ts, key, ns] of chunkTimers(chunk)) await timer(key, ts, ns, 0);
        for (const [name, kind, key, value] of chunkEntries(chunk)) {
          if (name === TIMER_STATE) {
            for (const [id, seq] of value as Map<string | number, unknown>) {
              const { timestamp, namespace } = parseTimerId(String(id));
              await timer(key, timestamp, namespace, seq);
            }
            continue;
          }
          const json = JSON.stringify(toJsonTree(value));
          const size = Buffer.byteLength(json);
          await put(`${escapeKey(key)}${SEP}s${name}`, `{"k":"${kind}","b":${size},"v":${json}}`);
          let n = names.get(name);
          if (!n) names.set(name, (n = { name, kind, entries: 0, bytes: 0 }));
          n.entries++;
          n.bytes += size;
          summary.entries++;
          summary.bytes += size;
          largest.offer({ key, name, bytes: size });
        }
        options.onChunk?.(++summary.chunks);
      }
      await batch.write();
      summary.names = [...names.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      const index = new StateIndex(dir, db, summary, largest.sorted());
      summary.keys = await index.countKeys();
      return index;
    } catch (error) {
      await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Distinct keys: one pass over the row keys. */
  private async countKeys(): Promise<number> {
    let count = 0;
    let last: string | undefined;
    const keys = this.db.keys();
    try {
      for (let batch = await keys.nextv(BATCH_ROWS); batch.length > 0; batch = await keys.nextv(BATCH_ROWS)) {
        for (const row of batch) {
          const k = row.slice(0, row.indexOf(SEP));
          if (k !== last) {
            count++;
            last = k;
          }
        }
      }
    } finally {
      await keys.close();
    }
    return count;
  }

  /**
   * Every key from `options.after` (exclusive) or the start of `options.prefix`, in key order,
   * with its rows. Rows are read in batches: memory holds one batch and one key.
   */
  async *groups(options: { prefix?: string; after?: string } = {}): AsyncGenerator<RawGroup> {
    const prefix = options.prefix === undefined ? '' : escapeKey(options.prefix);
    const gte = options.after !== undefined ? `${escapeKey(options.after)}\u0001` : prefix;
    const iterator = this.db.iterator({ gte, ...(prefix ? { lt: prefix + TOP } : {}) });
    let current: RawGroup | undefined;
    let escaped = '';
    try {
      for (let batch = await iterator.nextv(1024); batch.length > 0; batch = await iterator.nextv(1024)) {
        for (const [row, value] of batch) {
          const sep = row.indexOf(SEP);
          const k = row.slice(0, sep);
          if (current === undefined || k !== escaped) {
            if (current) yield current;
            escaped = k;
            current = { key: unescapeKey(k), rows: [] };
          }
          current.rows.push([row.slice(sep + 1), value]);
        }
      }
      if (current) yield current;
    } finally {
      await iterator.close();
    }
  }

  /**
   * A page of keys in key order: up to `limit` from `after` (exclusive), those starting with
   * `prefix` only. `next` is the cursor of the following page, when there is one.
   */
  async keyPage(options: { prefix?: string; after?: string; limit: number }): Promise<{ rows: KeyRow[]; next?: string }> {
    const rows: KeyRow[] = [];
    for await (const group of this.groups(options)) {
      if (rows.length === options.limit) return { rows, next: rows[rows.length - 1]?.key };
      rows.push(keyRow(group));
    }
    return { rows };
  }

  /**
   * The largest state entries (by the bytes of their JSON trees), largest first: entries
   * `offset…offset+limit` of the `LARGEST_KEPT` largest, those whose key starts with `prefix`.
   */
  largest(options: { prefix?: string; offset: number; limit: number }): { rows: SizedEntry[]; total: number; complete: boolean } {
    const all = options.prefix ? this.top.filter((e) => e.key.startsWith(options.prefix as string)) : this.top;
    return { rows: all.slice(options.offset, options.offset + options.limit), total: all.length, complete: this.top.length === this.summary.entries };
  }

  /** One key's entries and timers, or `undefined` when it holds none. */
  async key(key: string): Promise<KeyView | undefined> {
    const e = escapeKey(key);
    const rows: [string, string][] = [];
    for await (const [row, value] of this.db.iterator({ gte: e + SEP, lt: `${e}\u0001` })) rows.push([row.slice(e.length + 1), value]);
    return rows.length === 0 ? undefined : keyView({ key, rows });
  }

  /** Closes the scratch LevelDB and removes its folder. */
  async close(): Promise<void> {
    await this.db.close().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A key's row in a page. */
export function keyRow(group: RawGroup): KeyRow {
  let bytes = 0;
  let timers = 0;
  const names: string[] = [];
  for (const [sub, value] of group.rows) {
    if (sub[0] === 't') timers++;
    else {
      names.push(sub.slice(1));
      bytes += (JSON.parse(value) as { b: number }).b;
    }
  }
  return { key: group.key, bytes, names, timers };
}

/** A key's rows, decoded. */
export function keyView(group: RawGroup): KeyView {
  const view: KeyView = { key: group.key, bytes: 0, entries: [], timers: [] };
  for (const [sub, value] of group.rows) {
    if (sub[0] === 't') view.timers.push(timerFromSub(sub));
    else {
      const row = JSON.parse(value) as { k: StateKind; b: number; v: JsonTree };
      view.entries.push({ name: sub.slice(1), kind: row.k, bytes: row.b, value: row.v });
      view.bytes += row.b;
    }
  }
  return view;
}

/**
 * The k-way merge by timestamp (engine/runtime/timestamp-merge.ts) against an independent
 * computation: for inputs whose own items are in timestamp order, popping everything equals a
 * stable sort of all items by (timestamp, input registration order); an input's own order is
 * kept even when its timestamps go backwards; pushes between pops, removal and ties behave.
 */
import { describe, expect, it } from 'vitest';
import { TimestampMerge } from '../../engine/runtime/timestamp-merge.ts';

interface Item {
  input: string;
  ts: number;
  seq: number;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function drain(merge: TimestampMerge<Item>): Item[] {
  const out: Item[] = [];
  for (let next = merge.pop(); next; next = merge.pop()) out.push(next.item);
  return out;
}

describe('TimestampMerge', () => {
  it('interleaves sorted inputs like a stable sort by (timestamp, input order)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const k = 1 + Math.floor(random() * 12);
      const inputs = Array.from({ length: k }, (_, i) => `p${i}`);
      const items: Item[] = [];
      const merge = new TimestampMerge<Item>((x) => x.ts);
      let seq = 0;
      for (const input of inputs) {
        let ts = Math.floor(random() * 50);
        const own: Item[] = [];
        for (let n = Math.floor(random() * 40); n > 0; n--) {
          ts += Math.floor(random() * 5);
          own.push({ input, ts, seq: seq++ });
        }
        // in several pushes, as fetches arrive
        for (let i = 0; i < own.length; i += 7) merge.push(input, own.slice(i, i + 7));
        items.push(...own);
      }
      const rank = new Map<string, number>();
      for (const it of items) if (!rank.has(it.input)) rank.set(it.input, rank.size);
      const expected = [...items].sort((a, b) => a.ts - b.ts || (rank.get(a.input) as number) - (rank.get(b.input) as number) || a.seq - b.seq);
      expect(merge.size).toBe(items.length);
      expect(drain(merge)).toEqual(expected);
      expect(merge.size).toBe(0);
    }
  });

  it("keeps an input's own order when its timestamps go backwards", () => {
    const merge = new TimestampMerge<Item>((x) => x.ts);
    merge.push('a', [
      { input: 'a', ts: 10, seq: 0 },
      { input: 'a', ts: 5, seq: 1 },
      { input: 'a', ts: 30, seq: 2 },
    ]);
    merge.push('b', [
      { input: 'b', ts: 7, seq: 3 },
      { input: 'b', ts: 20, seq: 4 },
    ]);
    // a's head is 10, b's 7: b first; then a's 10 and its 5 (out of order, but a's own order).
    expect(drain(merge).map((x) => x.seq)).toEqual([3, 0, 1, 4, 2]);
  });

  it('takes pushes between pops, reports queue sizes and drops removed inputs', () => {
    const merge = new TimestampMerge<Item>((x) => x.ts);
    merge.push('a', [{ input: 'a', ts: 1, seq: 0 }]);
    merge.push('b', [
      { input: 'b', ts: 2, seq: 1 },
      { input: 'b', ts: 9, seq: 2 },
    ]);
    expect(merge.pop()?.item.seq).toBe(0);
    expect(merge.queued('a')).toBe(0);
    expect(merge.queued('b')).toBe(2);
    merge.push('a', [{ input: 'a', ts: 3, seq: 3 }]);
    expect(merge.peek()?.item.seq).toBe(1);
    expect(merge.remove('b').map((x) => x.seq)).toEqual([1, 2]);
    expect(merge.size).toBe(1);
    expect(drain(merge).map((x) => x.seq)).toEqual([3]);
    expect(merge.pop()).toBeUndefined();
  });

  it('breaks timestamp ties by the order inputs were first pushed', () => {
    const merge = new TimestampMerge<Item>((x) => x.ts);
    merge.push('late', [{ input: 'late', ts: 5, seq: 0 }]);
    merge.push('early', [{ input: 'early', ts: 5, seq: 1 }]);
    expect(drain(merge).map((x) => x.input)).toEqual(['late', 'early']);
  });

  it('releases what it popped although a queue never empties (refilled before it runs dry)', () => {
    const merge = new TimestampMerge<Item>((x) => x.ts);
    let popped = 0;
    let seq = 0;
    for (let round = 0; round < 200; round++) {
      merge.push('a', Array.from({ length: 100 }, () => ({ input: 'a', ts: seq, seq: seq++ })));
      // take all but 10: the queue always holds something
      while (merge.size > 10) {
        merge.pop();
        popped++;
      }
    }
    expect(popped).toBe(200 * 100 - 10);
    // The queue's storage is compacted: its length stays near what it holds, not all 20,000.
    const storage = (merge as unknown as { queues: Map<string, { items: unknown[]; head: number }> }).queues.get('a');
    expect((storage?.items.length ?? 0) - (storage?.head ?? 0)).toBe(10);
    expect(storage?.items.length).toBeLessThan(2 * 1024 + 100);
  });
});

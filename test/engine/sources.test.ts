/**
 * Sources: values, generator and fileSource (JSON Lines, CSV with typed columns, JSON array),
 * event time from every supported form, unreadable records to `errors` (file, line, reason)
 * while the run goes on, and the bounded disorder simulation.
 */
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, jsonl, node, runPipeline } from './harness.ts';

// 2024-01-01T00:00:00Z = 1704067200000 (19723 days × 86 400 000 ms).
const JAN1 = 1704067200000;

describe('fileSource: JSON Lines', () => {
  it('reads records with ISO event time; malformed lines go to errors with file, line and reason, and the run goes on', async () => {
    const text = [
      '{"id":1,"at":"2024-01-01T00:00:00Z"}',
      '{"id":2,"at":"2024-01-01T00:00:05.500Z"}',
      '{"id":3, "at": oops}',
      '',
      '{"id":4,"at":"2024-01-01T00:00:10"}',
      '[1,2]',
      '{"id":5}',
    ].join('\n');
    const run = await runPipeline(
      doc(
        [
          node('src', 'fileSource', { path: 'events.jsonl', time: { mode: 'event', field: 'at' } }),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'out'), edge('src', 'errs', 'errors')],
      ),
      { files: { 'events.jsonl': text } },
    );
    expect(run.rows('out')).toEqual([
      { id: 1, at: '2024-01-01T00:00:00Z' },
      { id: 2, at: '2024-01-01T00:00:05.500Z' },
      { id: 4, at: '2024-01-01T00:00:10' },
    ]);
    // JAN1 + 0, + 5 500 ms, + 10 000 ms (an ISO time without zone is read as UTC).
    expect(run.times('out')).toEqual([1704067200000, 1704067205500, 1704067210000]);
    const errors = run.rows('errs');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ node: 'src', file: 'events.jsonl', line: 3, raw: '{"id":3, "at": oops}' });
    expect(String(errors[0]?.reason)).toMatch(/^malformed JSON: /);
    // The blank line 4 is skipped, not an error.
    expect(errors[1]).toEqual({ node: 'src', reason: 'a line must hold a JSON object', file: 'events.jsonl', line: 6, raw: '[1,2]' });
    expect(errors[2]).toEqual({ node: 'src', reason: 'no field "at" for the event time', file: 'events.jsonl', line: 7, raw: '{"id":5}' });
    // 6 non-blank lines in = 3 accepted + 3 errors.
    expect(counts(run.metrics('src'))).toEqual({ in: 6, accepted: 3, filtered: 0, late: 0, errors: 3, out: 3 });
    expect(run.metrics('src').emitted).toEqual({ out: 3, errors: 3 });
  });
});

describe('fileSource: CSV', () => {
  it('types listed columns, reads `yyyy/MM/dd HH:mm` as UTC, and sends a malformed or mistyped line to errors', async () => {
    const csv = [
      'sku,name,qty,price,ok,when',
      '1,007,3,1.5,true,2024/03/05 14:30',
      '2,pear,x,2,false,2024/03/05 14:31',
      '3,plum,4,2.25,TRUE,2024/03/05 14:32',
      '4,fig,5',
      '5,kiwi,,7,false,2024/03/05 14:33',
    ].join('\n');
    const run = await runPipeline(
      doc(
        [
          node('src', 'fileSource', {
            path: 'prices.csv',
            csv: { columns: { sku: 'integer', name: 'string', qty: 'integer', ok: 'boolean' } },
            time: { mode: 'event', field: 'when', format: 'yyyy/MM/dd HH:mm' },
          }),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'out'), edge('src', 'errs', 'errors')],
      ),
      { files: { 'prices.csv': csv } },
    );
    // `name` is typed string so "007" stays a string; `price` is untyped and looks numeric;
    // an empty field is null.
    expect(run.rows('out')).toEqual([
      { sku: 1, name: '007', qty: 3, price: 1.5, ok: true, when: '2024/03/05 14:30' },
      { sku: 3, name: 'plum', qty: 4, price: 2.25, ok: true, when: '2024/03/05 14:32' },
      { sku: 5, name: 'kiwi', qty: null, price: 7, ok: false, when: '2024/03/05 14:33' },
    ]);
    // 2024-03-05 = JAN1 + (31 + 29 + 4) days = 1709596800000; + 14 h 30 min (52 200 000 ms)
    // = 1709649000000; 14:32 = + 120 000; 14:33 = + 180 000.
    expect(run.times('out')).toEqual([1709649000000, 1709649120000, 1709649180000]);
    const errors = run.rows('errs');
    expect(errors).toEqual([
      { node: 'src', reason: 'malformed CSV: column "qty" expects an integer, got "x"', file: 'prices.csv', line: 3, raw: '2,pear,x,2,false,2024/03/05 14:31' },
      expect.objectContaining({ node: 'src', file: 'prices.csv', line: 5, raw: '4,fig,5' }),
    ]);
    expect(String(errors[1]?.reason)).toMatch(/^malformed CSV: .*Record Length/);
    expect(counts(run.metrics('src'))).toEqual({ in: 5, accepted: 3, filtered: 0, late: 0, errors: 2, out: 3 });
  });
});

describe('fileSource: JSON array', () => {
  it('reads objects with epoch-millisecond time; a non-object element goes to errors with its position', async () => {
    const run = await runPipeline(
      doc(
        [
          node('src', 'fileSource', { path: 'items.json', time: { mode: 'event', field: 't' } }),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'out'), edge('src', 'errs', 'errors')],
      ),
      { files: { 'items.json': '[{"n":1,"t":1000},{"n":2,"t":2000},"nope",{"n":4,"t":500}]' } },
    );
    expect(run.rows('out')).toEqual([
      { n: 1, t: 1000 },
      { n: 2, t: 2000 },
      { n: 4, t: 500 },
    ]);
    expect(run.times('out')).toEqual([1000, 2000, 500]);
    expect(run.rows('errs')).toEqual([{ node: 'src', reason: 'element 3 is not an object', file: 'items.json', line: 3, raw: '"nope"' }]);
    expect(counts(run.metrics('src'))).toEqual({ in: 4, accepted: 3, filtered: 0, late: 0, errors: 1, out: 3 });
  });
});

describe('values source', () => {
  it('emits its rows in order with time from an expression; an expression that returns no time sends the row to errors', async () => {
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', {
            rows: [{ day: 1, sec: 30 }, { sec: 1 }, { day: 0, sec: 2 }],
            time: { mode: 'expression', expression: "event.day === undefined ? 'never' : event.day * 86400000 + event.sec * 1000" },
          }),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [edge('src', 'out'), edge('src', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { day: 1, sec: 30 },
      { day: 0, sec: 2 },
    ]);
    // 1 × 86 400 000 + 30 × 1000 = 86 430 000; 0 + 2 × 1000 = 2000.
    expect(run.times('out')).toEqual([86430000, 2000]);
    expect(run.rows('errs')).toEqual([
      { node: 'src', reason: 'the event-time expression returned "never", not a time', line: 2, raw: '{"sec":1}' },
    ]);
    expect(counts(run.metrics('src'))).toEqual({ in: 3, accepted: 2, filtered: 0, late: 0, errors: 1, out: 2 });
  });
});

describe('generator source', () => {
  const generator = (seed: number): ReturnType<typeof doc> =>
    doc(
      [
        node('gen', 'generator', { count: 5, keys: 2, start: '2024-01-01T00:00:00.000Z', step: '1s', seed }),
        node('out', 'previewSink'),
      ],
      [edge('gen', 'out')],
    );

  it('generates count records { seq, key, value, ts } stepping by `step`, keys cycling, values seeded', async () => {
    const run = await runPipeline(generator(7));
    const rows = run.rows('out');
    // ts = JAN1 + seq × 1000; key = k(seq mod 2).
    expect(rows.map((r) => ({ seq: r.seq, key: r.key, ts: r.ts }))).toEqual([
      { seq: 0, key: 'k0', ts: 1704067200000 },
      { seq: 1, key: 'k1', ts: 1704067201000 },
      { seq: 2, key: 'k0', ts: 1704067202000 },
      { seq: 3, key: 'k1', ts: 1704067203000 },
      { seq: 4, key: 'k0', ts: 1704067204000 },
    ]);
    expect(run.times('out')).toEqual(rows.map((r) => r.ts));
    for (const r of rows) expect(Number.isInteger(r.value) && (r.value as number) >= 0 && (r.value as number) <= 999).toBe(true);
    const again = await runPipeline(generator(7));
    expect(again.rows('out')).toEqual(rows);
    const other = await runPipeline(generator(8));
    expect(other.rows('out').map((r) => r.value)).not.toEqual(rows.map((r) => r.value));
    expect(counts(run.metrics('gen'))).toEqual({ in: 5, accepted: 5, filtered: 0, late: 0, errors: 0, out: 5 });
    expect(JAN1).toBe(Date.UTC(2024, 0, 1));
  });
});

describe('fileSource: disorder', () => {
  // 200 records, one per second, read in order; disorder delays each by up to 5 s.
  const N = 200;
  const MAX_DELAY = 5000;
  const file = jsonl(Array.from({ length: N }, (_, i) => ({ i, ts: i * 1000 })));
  const pipeline = (disorder: { maxDelay: number; seed: number } | undefined, bound = 0): ReturnType<typeof doc> =>
    doc(
      [
        node('src', 'fileSource', {
          path: 'seq.jsonl',
          time: { mode: 'event', field: 'ts' },
          watermarks: { maxOutOfOrderness: bound, emit: 'punctuated' },
          ...(disorder ? { disorder } : {}),
        }),
        node('out', 'previewSink', { limit: 1000 }),
        node('w', 'tumblingWindow', { size: 10_000, aggregates: [{ name: 'n', fn: 'count' }] }),
        node('wout', 'previewSink', { limit: 1000 }),
        node('late', 'previewSink', { limit: 1000 }),
      ],
      [edge('src', 'out'), edge('src', 'w'), edge('w', 'wout'), edge('w', 'late', 'late')],
    );
  const order = (rows: readonly Record<string, unknown>[]): number[] => rows.map((r) => r.i as number);

  it('without disorder records arrive in file order', async () => {
    const run = await runPipeline(pipeline(undefined), { files: { 'seq.jsonl': file } });
    expect(order(run.rows('out'))).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('same seed gives the same order; every record arrives, at most maxDelay out of order', async () => {
    const a = await runPipeline(pipeline({ maxDelay: MAX_DELAY, seed: 42 }), { files: { 'seq.jsonl': file } });
    const b = await runPipeline(pipeline({ maxDelay: MAX_DELAY, seed: 42 }), { files: { 'seq.jsonl': file } });
    const c = await runPipeline(pipeline({ maxDelay: MAX_DELAY, seed: 43 }), { files: { 'seq.jsonl': file } });
    const seen = order(a.rows('out'));
    expect(order(b.rows('out'))).toEqual(seen);
    expect(order(c.rows('out'))).not.toEqual(seen);
    // A permutation: nothing lost, nothing duplicated.
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
    // It is really out of order...
    expect(seen).not.toEqual(Array.from({ length: N }, (_, i) => i));
    // ...but bounded: a record never arrives after one more than maxDelay newer than it.
    let inversions = 0;
    let newest = -Infinity;
    for (const i of seen) {
      const ts = i * 1000;
      if (ts < newest) inversions++;
      expect(newest - ts).toBeLessThanOrEqual(MAX_DELAY);
      newest = Math.max(newest, ts);
    }
    expect(inversions).toBeGreaterThan(0);
  });

  it('a watermark bound of maxDelay makes no record late; a bound of 0 does', async () => {
    const bounded = await runPipeline(pipeline({ maxDelay: MAX_DELAY, seed: 42 }, MAX_DELAY), { files: { 'seq.jsonl': file } });
    expect(bounded.metrics('w').late).toBe(0);
    // 200 records in 10-second windows: 20 windows of 10.
    expect(bounded.rows('wout').map((r) => r.n)).toEqual(new Array<number>(20).fill(10));
    const unbounded = await runPipeline(pipeline({ maxDelay: MAX_DELAY, seed: 42 }, 0), { files: { 'seq.jsonl': file } });
    expect(unbounded.metrics('w').late).toBeGreaterThan(0);
    expect(unbounded.rows('late')).toHaveLength(unbounded.metrics('w').late);
  });
});

/**
 * Stateless transforms (map, filter, flatMap), keyBy, union, user-code errors and the sinks
 * (file, preview, console).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const rows = [
  { id: 1, v: 10, tags: 'a,b', ts: 100 },
  { id: 2, v: 25, tags: '', ts: 200 },
  { id: 3, v: 7, tags: 'c', ts: 300 },
  { id: 4, v: 40, tags: 'd,e,f', ts: 400 },
];
const values = (id = 'src', r: readonly Record<string, unknown>[] = rows): ReturnType<typeof node> =>
  node(id, 'values', { rows: r, time: { mode: 'event', field: 'ts' } });

describe('map, filter, flatMap', () => {
  it('map turns each record into one, keeping its timestamp', async () => {
    const run = await runPipeline(
      doc([values(), node('m', 'map', {}, '({ id: event.id, double: event.v * 2 })'), node('out', 'previewSink')], [edge('src', 'm'), edge('m', 'out')]),
    );
    // v × 2: 10→20, 25→50, 7→14, 40→80.
    expect(run.rows('out')).toEqual([
      { id: 1, double: 20 },
      { id: 2, double: 50 },
      { id: 3, double: 14 },
      { id: 4, double: 80 },
    ]);
    expect(run.times('out')).toEqual([100, 200, 300, 400]);
    expect(counts(run.metrics('m'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 4 });
  });

  it('map code may be a function body with `return`', async () => {
    const code = 'const big = event.v > 20;\nreturn { id: event.id, big };';
    const run = await runPipeline(doc([values(), node('m', 'map', {}, code), node('out', 'previewSink')], [edge('src', 'm'), edge('m', 'out')]));
    expect(run.rows('out')).toEqual([
      { id: 1, big: false },
      { id: 2, big: true },
      { id: 3, big: false },
      { id: 4, big: true },
    ]);
  });

  it('a map that throws on some records sends them to errors with the message; the rest flow', async () => {
    const code = "if (event.id % 2 === 0) throw new Error('even id ' + event.id);\nreturn { id: event.id };";
    const run = await runPipeline(
      doc(
        [values(), node('m', 'map', {}, code), node('out', 'previewSink'), node('errs', 'previewSink')],
        [edge('src', 'm'), edge('m', 'out'), edge('m', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([{ id: 1 }, { id: 3 }]);
    expect(run.rows('errs')).toEqual([
      { node: 'm', reason: 'map threw Error: even id 2', record: { id: 2, v: 25, tags: '', ts: 200 } },
      { node: 'm', reason: 'map threw Error: even id 4', record: { id: 4, v: 40, tags: 'd,e,f', ts: 400 } },
    ]);
    // The error rows keep the failing record's timestamp.
    expect(run.times('errs')).toEqual([200, 400]);
    expect(counts(run.metrics('m'))).toEqual({ in: 4, accepted: 2, filtered: 0, late: 0, errors: 2, out: 2 });
    expect(run.metrics('m').emitted).toEqual({ out: 2, errors: 2 });
  });

  it('a map that returns no record is an error too', async () => {
    const run = await runPipeline(
      doc(
        [values(), node('m', 'map', {}, 'event.v > 20 ? event.v : { id: event.id }'), node('out', 'previewSink'), node('errs', 'previewSink')],
        [edge('src', 'm'), edge('m', 'out'), edge('m', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([{ id: 1 }, { id: 3 }]);
    expect(run.rows('errs').map((r) => r.reason)).toEqual([
      'map must return a record (an object), returned 25',
      'map must return a record (an object), returned 40',
    ]);
    expect(counts(run.metrics('m'))).toEqual({ in: 4, accepted: 2, filtered: 0, late: 0, errors: 2, out: 2 });
  });

  it('filter keeps records whose expression is truthy and counts the others as filtered', async () => {
    const run = await runPipeline(
      doc(
        [values(), node('f', 'filter', {}, 'event.v >= 10 && event.v < 40'), node('out', 'previewSink'), node('errs', 'previewSink')],
        [edge('src', 'f'), edge('f', 'out'), edge('f', 'errs', 'errors')],
      ),
    );
    // 10 ✓, 25 ✓, 7 ✗, 40 ✗.
    expect(run.rows('out').map((r) => r.id)).toEqual([1, 2]);
    expect(run.rows('errs')).toEqual([]);
    expect(counts(run.metrics('f'))).toEqual({ in: 4, accepted: 2, filtered: 2, late: 0, errors: 0, out: 2 });
  });

  it('filter that throws sends the record to errors', async () => {
    const run = await runPipeline(
      doc(
        [values(), node('f', 'filter', {}, 'event.tags.split(",")[1].length > 0'), node('out', 'previewSink'), node('errs', 'previewSink')],
        [edge('src', 'f'), edge('f', 'out'), edge('f', 'errs', 'errors')],
      ),
    );
    // 'a,b' → 'b' ✓; '' → [''][1] undefined → TypeError; 'c' → TypeError; 'd,e,f' → 'e' ✓.
    expect(run.rows('out').map((r) => r.id)).toEqual([1, 4]);
    const errs = run.rows('errs');
    expect(errs.map((r) => (r.record as { id: number }).id)).toEqual([2, 3]);
    for (const e of errs) expect(String(e.reason)).toMatch(/^filter threw TypeError: /);
    expect(counts(run.metrics('f'))).toEqual({ in: 4, accepted: 2, filtered: 0, late: 0, errors: 2, out: 2 });
  });

  it('flatMap emits zero or more records per input; an empty array counts as filtered', async () => {
    const code = "event.tags === '' ? [] : event.tags.split(',').map((t) => ({ id: event.id, tag: t }))";
    const run = await runPipeline(
      doc([values(), node('fm', 'flatMap', {}, code), node('out', 'previewSink')], [edge('src', 'fm'), edge('fm', 'out')]),
    );
    // 'a,b' → 2, '' → 0, 'c' → 1, 'd,e,f' → 3: 6 records out of 3 accepted inputs.
    expect(run.rows('out')).toEqual([
      { id: 1, tag: 'a' },
      { id: 1, tag: 'b' },
      { id: 3, tag: 'c' },
      { id: 4, tag: 'd' },
      { id: 4, tag: 'e' },
      { id: 4, tag: 'f' },
    ]);
    expect(run.times('out')).toEqual([100, 100, 300, 400, 400, 400]);
    expect(counts(run.metrics('fm'))).toEqual({ in: 4, accepted: 3, filtered: 1, late: 0, errors: 0, out: 6 });
  });

  it('flatMap that does not return an array of records sends the record to errors', async () => {
    const run = await runPipeline(
      doc(
        [values(), node('fm', 'flatMap', {}, 'event.v > 20 ? [event.v] : [{ id: event.id }]'), node('out', 'previewSink'), node('errs', 'previewSink')],
        [edge('src', 'fm'), edge('fm', 'out'), edge('fm', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([{ id: 1 }, { id: 3 }]);
    expect(run.rows('errs').map((r) => [r.reason, (r.record as { id: number }).id])).toEqual([
      ['flatMap must return an array of records', 2],
      ['flatMap must return an array of records', 4],
    ]);
    expect(counts(run.metrics('fm'))).toEqual({ in: 4, accepted: 2, filtered: 0, late: 0, errors: 2, out: 2 });
  });
});

describe('keyBy and union', () => {
  it('keyBy passes records through unchanged and keys the window after it', async () => {
    const run = await runPipeline(
      doc(
        [
          values('src', [
            { user: 'a', ts: 1 },
            { user: 'b', ts: 2 },
            { user: 'a', ts: 3 },
          ]),
          node('k', 'keyBy', { key: { fields: ['user'] } }),
          node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'count' }] }),
          node('passed', 'previewSink'),
          node('out', 'previewSink'),
        ],
        [edge('src', 'k'), edge('k', 'passed'), edge('k', 'w'), edge('w', 'out')],
      ),
    );
    expect(run.rows('passed')).toEqual([
      { user: 'a', ts: 1 },
      { user: 'b', ts: 2 },
      { user: 'a', ts: 3 },
    ]);
    // [0,10): a has 2 records, b has 1; the window inherits the key field `user`.
    expect(run.rows('out')).toEqual([
      { user: 'a', window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', n: 2 },
      { user: 'b', window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', n: 1 },
    ]);
    expect(counts(run.metrics('k'))).toEqual({ in: 3, accepted: 3, filtered: 0, late: 0, errors: 0, out: 3 });
  });

  it('union merges every input; its output watermark is the minimum, so windows fire only at the end', async () => {
    const run = await runPipeline(
      doc(
        [
          node('a', 'values', { rows: [{ s: 'a', ts: 1 }, { s: 'a', ts: 25 }], time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('b', 'values', { rows: [{ s: 'b', ts: 2 }, { s: 'b', ts: 3 }], time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('u', 'union'),
          node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'count' }, { name: 'who', fn: 'countDistinct', field: 's' }] }),
          node('all', 'previewSink'),
          node('out', 'previewSink'),
        ],
        [edge('a', 'u'), edge('b', 'u'), edge('u', 'all'), edge('u', 'w'), edge('w', 'out')],
      ),
    );
    // Every record of both inputs passes (the interleaving of the two sources is not fixed).
    expect(run.rows('all').map((r) => `${String(r.s)}@${String(r.ts)}`).sort()).toEqual(['a@1', 'a@25', 'b@2', 'b@3']);
    // a's watermark reaches 24 but b's is still -∞ (then 1, 2): [0,10) must wait for b, so
    // b's records at 2 and 3 are not late. [0,10): a@1, b@2, b@3 → n 3, 2 distinct; [20,30): a@25.
    expect(run.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', n: 3, who: 2 },
      { window_start: '1970-01-01T00:00:00.020Z', window_end: '1970-01-01T00:00:00.030Z', n: 1, who: 1 },
    ]);
    expect(counts(run.metrics('u'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 4 });
    expect(run.metrics('w').late).toBe(0);
  });
});

describe('sinks', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fileSink writes one JSON line per record, in arrival order, to <outDir>/<id>.jsonl', async () => {
    const run = await runPipeline(doc([values(), node('file', 'fileSink')], [edge('src', 'file')]));
    expect(run.fileRows('file')).toEqual(rows);
    expect(readFileSync(join(run.outDir, 'file.jsonl'), 'utf8')).toBe(rows.map((r) => JSON.stringify(r) + '\n').join(''));
    expect(counts(run.metrics('file'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 0 });
  });

  it('previewSink keeps only the latest `limit` records, oldest first', async () => {
    const run = await runPipeline(doc([values(), node('p', 'previewSink', { limit: 2 })], [edge('src', 'p')]));
    expect(run.rows('p').map((r) => r.id)).toEqual([3, 4]);
    expect(counts(run.metrics('p'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 0 });
  });

  it('consoleSink prints each record as a JSON line after its prefix', async () => {
    const printed: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.includes('[c] ')) {
        printed.push(text);
        return true;
      }
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
    const run = await runPipeline(
      doc([values('src', rows.slice(0, 2)), node('c', 'consoleSink', { prefix: '[c] ' })], [edge('src', 'c')]),
    );
    expect(printed.join('')).toBe('[c] {"id":1,"v":10,"tags":"a,b","ts":100}\n[c] {"id":2,"v":25,"tags":"","ts":200}\n');
    expect(counts(run.metrics('c'))).toEqual({ in: 2, accepted: 2, filtered: 0, late: 0, errors: 0, out: 0 });
  });

  it('a sink takes several inputs, including side outputs', async () => {
    const run = await runPipeline(
      doc(
        [values(), node('m', 'map', {}, "if (event.v === 7) throw new Error('seven'); return { id: event.id };"), node('file', 'fileSink')],
        [edge('src', 'm'), edge('m', 'file'), edge('m', 'file', 'errors')],
      ),
    );
    expect(run.fileRows('file')).toEqual([
      { id: 1 },
      { id: 2 },
      { node: 'm', reason: 'map threw Error: seven', record: { id: 3, v: 7, tags: 'c', ts: 300 } },
      { id: 4 },
    ]);
    expect(counts(run.metrics('file'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 0 });
  });
});

/**
 * Bad input loses nothing and costs only itself: a malformed CSV quote is one error and the rows
 * after it are read; a byte-order mark is skipped; a line with invalid UTF-8 or longer than
 * `maxLineBytes` is one error with its line number, and reading resumes at the next line; every
 * position a checkpoint can record (byte offset + line number) resumes exactly; field names that
 * every object inherits (`constructor`, `toString`, …) read as missing fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Batch, RowBuilder } from '../../engine/connectors/csv-fields.ts';
import { CsvRecordReader } from '../../engine/connectors/csv-records.ts';
import { messageEncoder } from '../../engine/connectors/kafka/message-encoder.ts';
import { readLines, type Line, type LinePosition } from '../../engine/connectors/line-reader.ts';
import { csvCast, type BadRecord, type ReadRecord } from '../../engine/connectors/record-formats.ts';
import type { KafkaSinkConfig } from '../../engine/nodes/kafkaSink/spec.ts';
import type { OperatorContext } from '../../engine/runtime/operator-context.ts';
import { seeded } from '../checkpoint/spawn-run.ts';
import { tributary } from '../cli/run-cli.ts';
import { counts, doc, edge, node, runPipeline } from '../engine/harness.ts';
import { csvWithBadQuote, jsonlMix, scratch, write, type MalformedQuote } from './input-fixtures.ts';

const PROCESSING = { mode: 'processing' } as const;

/** A file source whose `out` and `errors` go to file sinks `out` and `errs`. */
function sourceDoc(config: Record<string, unknown>): ReturnType<typeof doc> {
  return doc([node('src', 'fileSource', config), node('out', 'fileSink'), node('errs', 'fileSink')], [edge('src', 'out'), edge('src', 'errs', 'errors')]);
}

describe('CSV: a malformed quote costs its own record, not the rest of the file', () => {
  const cases: [MalformedQuote, number][] = [
    ['unclosed', 7],
    ['unclosed', 0], // nothing after it has a quote: the probe's case, every later row swallowed
    ['inside-unquoted', 7],
    ['after-closing', 7],
    ['unclosed-last', 7],
  ];
  it.each(cases)('%s quote (quoted fields every %i records): one error, every other record read', async (kind, quotedEvery) => {
    const fixture = csvWithBadQuote(2007, 7, kind, quotedEvery);
    const dir = scratch();
    const path = write(dir, 'people.csv', fixture.text);
    const run = await runPipeline(sourceDoc({ path, csv: { columns: { name: 'string' } }, time: PROCESSING }));
    expect(run.fileRows('out')).toEqual(fixture.rows.map((r) => r.row));
    const errors = run.fileRows('errs');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ node: 'src', file: 'people.csv', line: fixture.badLine, raw: fixture.text.split('\n')[fixture.badLine - 1] });
    expect(String(errors[0]?.reason)).toMatch(/^malformed CSV: /);
    expect(counts(run.metrics('src'))).toMatchObject({ in: 2007, accepted: 2006, errors: 1 });
  });

  it('multi-line quoted fields are read across chunk ends, and every resume position redoes and misses nothing', async () => {
    const fixture = csvWithBadQuote(300, 40, 'unclosed', 5, 11);
    const path = write(scratch(), 'records.csv', fixture.text);
    const options = { maxRecordBytes: 4096, source: 'records.csv' };
    const full = new CsvRecordReader(options);
    const results: (ReadRecord | BadRecord)[] = [];
    const resumes: { at: LinePosition; done: number }[] = [];
    for await (const { lines, next } of readLines(path, { chunkBytes: 97 })) {
      results.push(...full.push(lines));
      resumes.push({ at: full.resumeAt(next), done: results.length });
    }
    results.push(...full.end());
    expect(results.filter((r) => 'row' in r).map((r) => ({ line: r.line, row: (r as ReadRecord).row }))).toEqual(fixture.rows);
    expect(results.filter((r) => 'reason' in r).map((r) => r.line)).toEqual([fixture.badLine]);
    for (const { at, done } of resumes) {
      const again = new CsvRecordReader(options);
      for await (const { lines } of readLines(path, { chunkBytes: 97 })) if (again.takeHeader(lines)) break;
      const rest: (ReadRecord | BadRecord)[] = [];
      for await (const { lines } of readLines(path, { chunkBytes: 53, start: at })) rest.push(...again.push(lines));
      rest.push(...again.end());
      expect(rest, `resuming at line ${at.line}`).toEqual(results.slice(done));
    }
  });

  it('records without quotes, split directly, give the fields csv-parse gives', () => {
    const header = ['id', 'name', '__proto__', 'constructor', 'qty', 'ok', 'note'];
    const cast = csvCast({ id: 'integer', qty: 'number', ok: 'boolean', note: 'string' });
    const random = seeded(17);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const values = ['', '0', '7', '-3.5', '1e3', '.5', '007', 'x', ' padded ', 'true', 'FALSE', 'é 🌊', '{a:1}', 'a,b', 'null', '\t'];
    const texts = Array.from({ length: 3000 }, () => {
      const fields = Array.from({ length: random() < 0.05 ? 6 + Math.floor(random() * 3) : 7 }, () => pick(values));
      return fields.join(';');
    });
    const batch = new Batch();
    texts.forEach((t, i) => batch.add(t, i + 2, 1));
    const rows = new RowBuilder(header, ';', cast);
    const viaCsvParse = batch.parse(rows);
    const direct = texts.map((t, i) => rows.plain(t, i + 2));
    expect(direct).toEqual(viaCsvParse);
    expect(direct.filter((r) => 'reason' in r).length).toBeGreaterThan(100); // lengths and types that do not fit
    expect(direct.some((r) => 'row' in r && Object.hasOwn(r.row, '__proto__'))).toBe(true);
  });

  it('a byte-order mark is not part of the first column name', async () => {
    const path = write(scratch(), 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,v\r\n1,a\r\n2,"b\r\nc"\r\n')]));
    const run = await runPipeline(sourceDoc({ path, time: PROCESSING }));
    expect(run.fileRows('out')).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b\nc' },
    ]);
  });
});

describe('JSON Lines: byte-order mark, invalid UTF-8, over-long lines', () => {
  it('skips a byte-order mark: the first record is read', async () => {
    const path = write(scratch(), 'bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"a":2}\n')]));
    const run = await runPipeline(sourceDoc({ path, time: PROCESSING }));
    expect(run.fileRows('out')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(counts(run.metrics('src'))).toMatchObject({ in: 2, accepted: 2, errors: 0 });
  });

  const fixture = jsonlMix(3000, { seed: 5, maxLineBytes: 4096, longBytes: 9000, longEvery: 97 });

  it('sends each invalid-UTF-8, over-long or malformed line to errors with its line number, and reads the rest', async () => {
    const path = write(scratch(), 'mix.jsonl', fixture.bytes);
    const run = await runPipeline(sourceDoc({ path, maxLineBytes: 4096, time: { mode: 'event', field: 'ts' } }));
    expect(run.fileRows('out')).toEqual(fixture.good.map((g) => g.row));
    const errors = run.fileRows('errs');
    const lines = (pattern: RegExp): number[] => errors.filter((e) => pattern.test(String(e.reason))).map((e) => e.line as number);
    expect(lines(/^invalid UTF-8 at byte \d+ of the line/)).toEqual(fixture.invalidUtf8);
    expect(lines(/^line longer than the maximum of 4096 bytes \(maxLineBytes\): 9000 bytes/)).toEqual(fixture.overLong);
    expect(lines(/^malformed JSON/)).toEqual(fixture.malformed);
    for (const e of errors.filter((x) => /maxLineBytes/.test(String(x.reason)))) expect(String(e.raw).length).toBeLessThanOrEqual(1025);
    const bad = fixture.invalidUtf8.length + fixture.overLong.length + fixture.malformed.length;
    expect(counts(run.metrics('src'))).toMatchObject({ in: fixture.lines, accepted: fixture.good.length, errors: bad });
  });

  it('with invalidUtf8 "replace", reads such lines with U+FFFD', async () => {
    const path = write(scratch(), 'mix.jsonl', fixture.bytes);
    const run = await runPipeline(sourceDoc({ path, maxLineBytes: 4096, invalidUtf8: 'replace', time: PROCESSING }));
    const replaced = run.fileRows('out').filter((r) => String(r.s).includes('\ufffd'));
    expect(replaced.map((r) => r.id)).toEqual(fixture.invalidUtf8);
    expect(counts(run.metrics('src'))).toMatchObject({ accepted: fixture.good.length + fixture.invalidUtf8.length });
  });

  it('gives exact byte offsets and line numbers, and resumes exactly from every position it reports', async () => {
    const small = jsonlMix(400, { seed: 9, maxLineBytes: 300, longBytes: 1000, longEvery: 37 });
    const path = write(scratch(), 'small.jsonl', small.bytes);
    const read = async (start?: LinePosition, chunkBytes = 101): Promise<{ all: Line[]; positions: { at: LinePosition; done: number }[] }> => {
      const all: Line[] = [];
      const positions: { at: LinePosition; done: number }[] = [];
      for await (const { lines, next } of readLines(path, { start, chunkBytes, maxLineBytes: 300 })) {
        all.push(...lines);
        positions.push({ at: next, done: all.length });
      }
      return { all, positions };
    };
    const { all, positions } = await read();
    expect(all.map((l) => l.number)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(all.filter((l) => l.error?.startsWith('line longer')).map((l) => l.number)).toEqual(small.overLong);
    for (const l of all.filter((x) => x.error === undefined)) {
      const bytes = Buffer.from(l.text);
      expect(small.bytes.subarray(l.offset, l.offset + bytes.length).equals(bytes), `line ${l.number} at ${l.offset}`).toBe(true);
    }
    expect(positions.length).toBeGreaterThan(200); // several per over-long line: each is a resume point
    for (const { at, done } of positions) expect((await read(at, 64)).all, `from ${JSON.stringify(at)}`).toEqual(all.slice(done));
  });
});

describe('field names that every object inherits read as missing fields', () => {
  const rows: Record<string, unknown>[] = [
    { constructor: 'x', toString: 5, ts: 1000 },
    { v: 1, ts: 2000 },
    { v: 2, hasOwnProperty: 'h', ts: 3000 },
  ];

  it('in keys, window aggregates and window results', async () => {
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('w', 'tumblingWindow', {
            size: '1m',
            key: { fields: ['constructor'] },
            aggregates: [
              { name: 'n', fn: 'count' },
              { name: 's', fn: 'sum', field: 'toString' },
              { name: 'a', fn: 'avg', field: 'toString' },
              { name: 'f', fn: 'first', field: 'constructor' },
              { name: 'm', fn: 'max', field: 'valueOf' },
              { name: 'd', fn: 'countDistinct', field: 'hasOwnProperty' },
            ],
          }),
          node('out', 'fileSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    const window = { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:01:00.000Z' };
    const byKey = run.fileRows('out').sort((a, b) => Number(b.n) - Number(a.n));
    expect(byKey).toEqual([
      { ...window, n: 2, s: null, a: null, f: null, m: null, d: 1 },
      { constructor: 'x', ...window, n: 1, s: 5, a: 5, f: 'x', m: null, d: 0 },
    ]);
  });

  it('in the event-time field', async () => {
    const run = await runPipeline(
      doc([node('src', 'values', { rows, time: { mode: 'event', field: 'constructor' } }), node('errs', 'fileSink')], [edge('src', 'errs', 'errors')]),
    );
    expect(run.fileRows('errs').map((e) => e.reason)).toEqual(['field "constructor" is not a time (auto): "x"', 'no field "constructor" for the event time', 'no field "constructor" for the event time']);
  });

  it('in lookup-join table columns', async () => {
    const table = '{"code":"A","constructor":"k1"}\n{"code":"B"}\n';
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows: [{ code: 'A' }, { code: 'B' }, { code: 'toString' }], time: PROCESSING }),
          node('lk', 'lookupJoin', { table: 'table.jsonl', key: { fields: ['code'] }, tableKey: ['code'], select: ['constructor'], prefix: 't_' }),
          node('out', 'fileSink'),
        ],
        [edge('src', 'lk'), edge('lk', 'out')],
      ),
      { files: { 'table.jsonl': table } },
    );
    expect(run.fileRows('out')).toEqual([
      { code: 'A', t_constructor: 'k1' },
      { code: 'B', t_constructor: null },
      { code: 'toString', t_constructor: null },
    ]);
  });

  it("in a Kafka sink's key, value and topic fields", () => {
    const config = { topic: 'default', key: { fields: ['constructor'] }, valueField: 'toString', topicField: 'valueOf' } as unknown as KafkaSinkConfig;
    const ctx = { config, nodeId: 'k', hasUserCode: () => false, guard: { enter() {}, exit() {} } } as unknown as OperatorContext<KafkaSinkConfig>;
    const encode = messageEncoder(ctx);
    expect(encode({ a: 1 })).toEqual({ topic: 'default', key: 'undefined', value: null });
    expect(encode({ constructor: 'c', toString: { v: 1 }, valueOf: 't' })).toEqual({ topic: 't', key: 'c', value: '{"v":1}' });
  });
});

describe('the CLI on malformed input', () => {
  it('a run killed at a checkpoint and resumed gives the output of an uninterrupted run', () => {
    const dir = scratch();
    const json = jsonlMix(30_000, { seed: 3, maxLineBytes: 1 << 20, longBytes: 1_500_000, longEvery: 4_999 });
    write(dir, 'mix.jsonl', json.bytes);
    write(dir, 'mix.csv', csvWithBadQuote(60_000, 100, 'unclosed', 7, 3).text);
    const pipeline = write(
      dir,
      'p.pipeline.json',
      JSON.stringify(
        doc(
          [
            node('json', 'fileSource', { path: 'mix.jsonl', maxLineBytes: 1 << 20, time: PROCESSING }),
            node('csv', 'fileSource', { path: 'mix.csv', maxLineBytes: 1 << 20, time: PROCESSING }),
            ...['json_out', 'json_errs', 'csv_out', 'csv_errs'].map((id) => node(id, 'fileSink')),
          ],
          [edge('json', 'json_out'), edge('json', 'json_errs', 'errors'), edge('csv', 'csv_out'), edge('csv', 'csv_errs', 'errors')],
        ),
      ),
    );
    const sinks = ['json_out', 'json_errs', 'csv_out', 'csv_errs'];
    const reference = join(dir, 'reference');
    const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
    expect(clean.status, clean.stderr).toBe(0);
    // Killed before committing checkpoint 2, 3, … until a run gets to its end first: how many
    // checkpoints a run takes depends on the machine, what each crash must give does not.
    let crashes = 0;
    for (let crashAt = 2; crashAt <= 6; crashAt++) {
      const out = join(dir, `out-${crashAt}`);
      const args = ['run', pipeline, '--out', out, '--checkpoint-dir', join(dir, `cp-${crashAt}`), '--checkpoint-interval', '1', '--no-progress'];
      const crashed = tributary(args, { env: { TRIBUTARY_TEST_CRASH_BEFORE_COMMIT: String(crashAt) } });
      if (crashed.status === 0) break;
      expect(crashed.status, crashed.stderr).toBeNull();
      crashes++;
      const resumed = tributary(args);
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(`restoring checkpoint ${crashAt - 1}`);
      for (const sink of sinks)
        expect(readFileSync(join(out, `${sink}.jsonl`)).equals(readFileSync(join(reference, `${sink}.jsonl`))), `${sink} after a crash at checkpoint ${crashAt}`).toBe(true);
    }
    console.log(`malformed input: ${crashes} runs killed before a checkpoint commit, each resumed to the same output`);
    expect(crashes).toBeGreaterThan(0);
    // Up to eleven CLI runs of two files each: a ceiling for a loaded 2-core machine (66 s seen
    // under load, past vitest's 60 s default), not a speed expectation.
  }, 300_000);

  it('stops with the file and line when a CSV header cannot be read, rather than take a data line for it', () => {
    const dir = scratch();
    write(dir, 'in.csv', Buffer.concat([Buffer.from('id,na'), Buffer.from([0xff]), Buffer.from('me\n1,a\n2,b\n')]));
    const pipeline = write(dir, 'p.pipeline.json', JSON.stringify(sourceDoc({ path: 'in.csv', time: PROCESSING })));
    const r = tributary(['run', pipeline, '--out', join(dir, 'out'), '--no-progress']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('in.csv:1: the CSV header cannot be read: invalid UTF-8 at byte 6 of the line (0xff)');
  });

  it('exits 0 with every bad line accounted for, and names none of them as a failure', async () => {
    const fixture = csvWithBadQuote(500, 3, 'unclosed', 0);
    const dir = scratch();
    write(dir, 'in.csv', fixture.text);
    const pipeline = write(dir, 'p.pipeline.json', JSON.stringify(sourceDoc({ path: 'in.csv', time: PROCESSING })));
    const r = tributary(['run', pipeline, '--out', join(dir, 'out'), '--no-progress', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const errs = readFileSync(join(dir, 'out', 'errs.jsonl'), 'utf8').trim().split('\n');
    expect(errs).toHaveLength(1);
    expect(readFileSync(join(dir, 'out', 'out.jsonl'), 'utf8').trim().split('\n')).toHaveLength(499);
  });
});

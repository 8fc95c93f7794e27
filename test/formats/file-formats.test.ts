/**
 * fileSource on Parquet, Avro and gzip/zstd-compressed files written by independent writers
 * (pyarrow, fastavro, Python's gzip; `write-fixtures.py`): the delays-by-origin pipeline gives
 * the same windows from every form of the flights sample as from the JSON Lines file; every
 * Parquet and Avro type reads as the writer's value says (computed in Python); corrupt files
 * give errors naming the file and place while everything readable still arrives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, node, runPipeline, type Run } from '../engine/harness.ts';
import { FLIGHTS, python, useFormatFixtures } from './fixtures.ts';

const fixtures = useFormatFixtures();

/** The example's delays-by-origin pipeline over `path`, with a preview of errors. */
function delaysByOrigin(path: string, source: Record<string, unknown> = {}): Promise<Run> {
  return runPipeline(
    doc(
      [
        node('flights', 'fileSource', { path, time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, watermarks: { maxOutOfOrderness: '5m' }, ...source }),
        node('delayed', 'filter', {}, 'event.delay > 0'),
        node('by_origin', 'keyBy', { key: { fields: ['origin'] } }),
        node('per_hour', 'tumblingWindow', { size: '1h', aggregates: [{ name: 'flights', fn: 'count' }, { name: 'avg_delay', fn: 'avg', field: 'delay' }] }),
        node('hourly', 'fileSink', { path: 'hourly.jsonl' }),
        node('errs', 'previewSink'),
      ],
      [edge('flights', 'delayed'), edge('delayed', 'by_origin'), edge('by_origin', 'per_hour'), edge('per_hour', 'hourly'), edge('flights', 'errs', 'errors')],
    ),
  );
}

/** Rows of a preview sink of the source itself. */
function replay(path: string, source: Record<string, unknown> = {}): Promise<Run> {
  return runPipeline(
    doc(
      [node('src', 'fileSource', { path, time: { mode: 'processing' }, ...source }), node('out', 'previewSink'), node('errs', 'previewSink')],
      [edge('src', 'out'), edge('src', 'errs', 'errors')],
    ),
  );
}

describe.skipIf(!python.ok)('fileSource formats written by pyarrow and fastavro', { timeout: 120_000 }, () => {
  it('gives the same delays-by-origin windows from Parquet, Avro, gzip and zstd as from the JSON Lines file', async () => {
    const reference = await delaysByOrigin(FLIGHTS);
    const expected = reference.fileRows('hourly');
    expect(expected.length).toBeGreaterThan(1000);
    for (const file of ['flights.parquet', 'flights-zstd.parquet', 'flights.avro', 'flights-null.avro', 'flights.jsonl.gz', 'flights.jsonl.zst', 'flights.csv.gz']) {
      const run = await delaysByOrigin(join(fixtures(), file));
      expect(run.rows('errs'), file).toEqual([]);
      expect(counts(run.metrics('flights')), file).toEqual(counts(reference.metrics('flights')));
      expect(run.fileRows('hourly'), file).toEqual(expected);
    }
  });

  it('detects the format from the first bytes when the extension says nothing, and obeys an explicit format', async () => {
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(fixtures(), 'flights.parquet'), join(fixtures(), 'flights.data'));
    copyFileSync(join(fixtures(), 'flights.jsonl.gz'), join(fixtures(), 'flights-gz.jsonl'));
    const reference = await delaysByOrigin(FLIGHTS);
    for (const file of ['flights.data', 'flights-gz.jsonl']) expect((await delaysByOrigin(join(fixtures(), file))).fileRows('hourly'), file).toEqual(reference.fileRows('hourly'));
    // Told it is JSON Lines without compression, the gzip file is read as text: every line is an error, none is dropped silently.
    const forced = await replay(join(fixtures(), 'flights-gz.jsonl'), { format: 'jsonl', compression: 'none', invalidUtf8: 'replace' });
    expect(forced.rows('out')).toEqual([]);
    expect(forced.metrics('src').errors).toBeGreaterThan(0);
  });

  it('reads every Parquet type as pyarrow wrote it', async () => {
    const run = await replay(join(fixtures(), 'typed.parquet'));
    expect(run.rows('errs')).toEqual([]);
    expect(run.rows('out')).toEqual(JSON.parse(readFileSync(join(fixtures(), 'typed.expected.json'), 'utf8')));
  });

  it('reads every Avro type as fastavro wrote it', async () => {
    const run = await replay(join(fixtures(), 'typed.avro'));
    expect(run.rows('errs')).toEqual([]);
    expect(run.rows('out')).toEqual(JSON.parse(readFileSync(join(fixtures(), 'typed-avro.expected.json'), 'utf8')));
  });

  it('a truncated Parquet footer is one error naming the file', async () => {
    const run = await replay(join(fixtures(), 'truncated-footer.parquet'));
    expect(run.rows('out')).toEqual([]);
    const errors = run.rows('errs');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ node: 'src', file: 'truncated-footer.parquet', line: 1 });
    expect(String(errors[0]?.reason)).toMatch(/^truncated-footer\.parquet is not a readable Parquet file \(its footer/);
  });

  it('a bad Avro sync marker costs exactly its block: one error with the byte offset, every other record arrives', async () => {
    const expected = JSON.parse(readFileSync(join(fixtures(), 'bad-sync.expected.json'), 'utf8')) as { total: number; lostBlock: { offset: number; records: number } };
    const run = await replay(join(fixtures(), 'bad-sync.avro'));
    const errors = run.rows('errs');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.reason)).toContain(`bad-sync.avro: the Avro block at byte ${expected.lostBlock.offset} cannot be read (its sync marker does not match`);
    expect(run.metrics('src').out).toBe(expected.total - expected.lostBlock.records);
    // The records after the damaged block are the file's, in order: compare with the JSON Lines file.
    const flights = readFileSync(FLIGHTS, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    const read = run.job.samples('out').map((s) => s.row);
    expect(read.at(-1)).toEqual(flights.at(-1));
  });

  it('corrupt or truncated compressed files end with one error naming the file and place, after every line before it', async () => {
    for (const [file, codec] of [
      ['corrupt.jsonl.gz', 'gzip'],
      ['truncated.jsonl.gz', 'gzip'],
      ['truncated.jsonl.zst', 'zstd'],
    ] as const) {
      const run = await replay(join(fixtures(), file));
      const errors = run.rows('errs');
      const last = errors.at(-1);
      expect(last, file).toMatchObject({ node: 'src', file });
      expect(String(last?.reason), file).toMatch(new RegExp(`^corrupt ${codec} data in ${file.replace('.', '\\.')} \\(about compressed byte \\d+, after decompressed byte \\d+\\): .*the rest of the file cannot be read$`));
      expect(run.metrics('src').in, file).toBeLessThan(20_000);
    }
    // A truncated file: every complete line before the cut arrives, as in the original.
    const run = await replay(join(fixtures(), 'truncated.jsonl.gz'));
    const flights = readFileSync(FLIGHTS, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    const n = run.metrics('src').out;
    expect(n).toBeGreaterThan(5000);
    expect(run.job.samples('out').at(-1)?.row).toEqual(flights[n - 1]);
  });
});

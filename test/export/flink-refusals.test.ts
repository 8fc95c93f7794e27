// The Flink export refuses what Flink SQL cannot express, one problem per node naming the
// construct and why, and writes nothing; differences only late data shows are warnings that
// the README repeats and --strict turns into refusals. No Flink needed: the export only.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTo, jsonlSource, pipeline, refusals, scratch, writeJsonl, type TestNode } from './flink-fixture.ts';

let dir = '';
let events = '';
const sink: TestNode = { id: 'out', type: 'fileSink', config: { path: 'out/out.jsonl' } };

beforeAll(() => {
  dir = scratch();
  events = writeJsonl(dir, 'events.jsonl', [
    { k: 'a', ts: 1000, v: 1, s: 'Hello', ratio: 0.5, tags: ['x'] },
    { k: 'b', ts: 2000, v: 2, s: 'world', ratio: 1.5, tags: ['y'] },
  ]);
});

const source = (): TestNode => jsonlSource('src', events);
const window = (config: Record<string, unknown> = {}, code?: string): TestNode => ({
  id: 'w',
  type: 'tumblingWindow',
  config: { key: { fields: ['k'] }, size: '1s', aggregates: [{ name: 'n', fn: 'count' }], ...config },
  ...(code !== undefined ? { code } : {}),
});

async function refused(nodes: TestNode[], edges?: Parameters<typeof pipeline>[2]): Promise<string[]> {
  const out = join(dir, 'export');
  const result = await exportTo(dir, pipeline('refused', nodes, edges));
  expect(existsSync(join(out, 'job.sql'))).toBe(false);
  return refusals(result);
}

describe('Flink export refusals', () => {
  it('a process function', async () => {
    expect(await refused([source(), { id: 'p', type: 'process', config: { key: { fields: ['k'] } }, code: 'function onEvent(e, ctx) { ctx.emit(e); }' }, sink])).toEqual([
      "p: process function: keyed state, timers and side outputs are Flink's DataStream API (KeyedProcessFunction); Flink SQL cannot express them",
    ]);
  });

  it('a flatMap', async () => {
    expect(await refused([source(), { id: 'f', type: 'flatMap', code: '[event, event]' }, sink])).toEqual([
      "f: flatMap: code that returns an array of records is a table function; Flink SQL runs those only as a Java UDF (a TableFunction in the job's jar), which the export does not write",
    ]);
  });

  it('a custom aggregate', async () => {
    const code = 'function create() { return 0; }\nfunction add(a, e) { return a + 1; }\nfunction merge(a, b) { return a + b; }\nfunction result(a) { return a; }';
    expect(await refused([source(), window({ aggregates: [{ name: 'c', fn: 'custom' }] }, code), sink])).toEqual([
      'w [aggregates[0]]: custom aggregate "c": user code (create/add/merge/result) has no Flink SQL counterpart; it would need a Java AggregateFunction UDF in the job\'s jar',
    ]);
  });

  it('the late output of a window, also after a refused node', async () => {
    const nodes = [jsonlSource('src', events, 'ts', 0, { disorder: { maxDelay: '1s', seed: 3 } }), window(), sink, { id: 'late', type: 'fileSink', config: {} }];
    const edges = [
      { source: 'src', target: 'w' },
      { source: 'w', target: 'out' },
      { source: 'w', sourcePort: 'late', target: 'late' },
    ];
    expect(await refused(nodes, edges)).toEqual([
      'src [disorder]: disorder replay: the shuffle Tributary applies when replaying the file has no Flink counterpart: Flink reads the file in its order, so late records and first/last values would differ; remove `disorder` to export',
      'w [output late]: the `late` output: Flink SQL drops records behind the watermark silently; it has no side output for late records',
    ]);
  });

  it('the errors output of a source', async () => {
    const edges = [
      { source: 'src', target: 'out' },
      { source: 'src', sourcePort: 'errors', target: 'bad' },
    ];
    expect(await refused([source(), sink, { id: 'bad', type: 'fileSink', config: {} }], edges)).toEqual([
      "src [output errors]: the `errors` output: Flink SQL has no side output for failed records: an unreadable line is skipped or its field set to NULL ('json.ignore-parse-errors'), and an expression that fails fails the job",
    ]);
  });

  it('code outside the subset: a method call, a statement, a regular expression, a loop', async () => {
    expect(await refused([source(), { id: 'm', type: 'map', code: '({ ...event, t: event.tags.map((x) => x) })' }, sink])).toEqual([
      'm [code]: `event.tags.map((x) => x)`: .map() on an array is outside the translatable subset',
    ]);
    expect(await refused([source(), { id: 'f', type: 'filter', code: 'if (event.v > 1) return true;\nreturn false;' }, sink])).toEqual([
      'f [code]: `if (event.v > 1) return true;`: a `if` statement is outside the translatable subset: the code must be an expression, or constants and one final return',
    ]);
    expect(await refused([source(), { id: 'f', type: 'filter', code: '/^H/.test(event.s)' }, sink])).toEqual([
      'f [code]: `/^H/`: regular expressions and bigint literals are outside the translatable subset',
    ]);
  });

  it('a non-integer number turned into text, a field the input lacks, mixed-type comparison', async () => {
    expect(await refused([source(), { id: 'm', type: 'map', code: '({ label: `${event.k}:${event.ratio}` })' }, sink])).toEqual([
      'm [code]: `event.ratio`: a non-integer number turned into text: JavaScript writes 2 where Flink writes 2.0 (round it with Math.round/floor/ceil first)',
    ]);
    expect(await refused([source(), { id: 'f', type: 'filter', code: 'event.speed > 3' }, sink])).toEqual([
      'f [code]: `event.speed`: no field "speed" in event\'s columns (k, ts, v, s, ratio, tags)',
    ]);
    expect(await refused([source(), { id: 'f', type: 'filter', code: "event.v > 'a'" }, sink])).toEqual([
      'f [code]: `event.v > "a"`: compares an integer with a string; Flink SQL compares values of one type',
    ]);
  });

  it('first/last in sliding and session windows, and a size that is not a whole number of slides', async () => {
    const agg = [{ name: 'f', fn: 'first', field: 'v' }];
    expect(await refused([source(), { id: 'w', type: 'slidingWindow', config: { size: '4s', slide: '2s', aggregates: agg } }, sink])).toEqual([
      'w [aggregates[0]]: first(v) in a sliding window: Flink\'s FIRST_VALUE/LAST_VALUE cannot merge partial results, which HOP windows (shared slices) need: Flink 1.20 refuses the query ("Could not find an implementation method \'merge\' in FirstValueAggFunction")',
    ]);
    expect(await refused([source(), { id: 'w', type: 'sessionWindow', config: { gap: '2s', aggregates: [{ name: 'l', fn: 'last', field: 's' }] } }, sink])).toEqual([
      'w [aggregates[0]]: last(s) in a session window: Flink\'s FIRST_VALUE/LAST_VALUE cannot merge partial results, which session windows (merging sessions) need: Flink 1.20 refuses the query ("Could not find an implementation method \'merge\' in FirstValueAggFunction")',
    ]);
    expect(await refused([source(), { id: 'w', type: 'slidingWindow', config: { size: '5s', slide: '2s', aggregates: [{ name: 'n', fn: 'count' }] } }, sink])).toEqual([
      "w [slide]: size 5000 ms with slide 2000 ms: Flink SQL's HOP window needs the size to be a whole number of slides",
    ]);
  });

  it('a window offset (Flink 1.20.3 loses records with one, see test/flink/flink-export.test.ts)', async () => {
    expect(await refused([source(), window({ offset: '4s' }), sink])).toEqual([
      "w [offset]: offset 4000 ms: Flink 1.20.3 loses records in window TVFs with an offset: measured here, TUMBLE(…, INTERVAL '15' SECOND, INTERVAL '4' SECOND) over 400 in-order records counted 175, in every other window only; the export refuses offsets",
    ]);
  });

  it('a window and a join on processing time', async () => {
    const proc = jsonlSource('src', events, 'ts', 0, { time: { mode: 'processing' } });
    expect(await refused([proc, window(), sink])).toEqual([
      'w [in]: a tumbling window on processing time: Flink fires a processing-time window only when the wall clock reaches its end, so at the end of a bounded input its pending windows are dropped where Tributary fires them (measured: 4 rows against none)',
    ]);
    const join: TestNode = { id: 'j', type: 'intervalJoin', config: { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: 0, upperBound: '1s' } };
    const edges = [
      { source: 'src', target: 'j', targetPort: 'left' },
      { source: 'other', target: 'j', targetPort: 'right' },
      { source: 'j', target: 'out' },
    ];
    expect(await refused([proc, jsonlSource('other', events), join, sink], edges)).toEqual([
      'j [left]: interval join on processing time: which records meet depends on when they arrive on each engine; the export translates joins on event time only',
    ]);
  });

  it('a window after an interval join (the time attribute is lost)', async () => {
    const nodes: TestNode[] = [
      source(),
      jsonlSource('other', events),
      { id: 'j', type: 'intervalJoin', config: { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: '-1s', upperBound: '1s' }, code: '({ k: left.k, lv: left.v, rv: right.v })' },
      window(),
      sink,
    ];
    const edges = [
      { source: 'src', target: 'j', targetPort: 'left' },
      { source: 'other', target: 'j', targetPort: 'right' },
      { source: 'j', target: 'w' },
      { source: 'w', target: 'out' },
    ];
    expect(await refused(nodes, edges)).toEqual([
      "w [in]: a tumbling window after a join that loses the time attribute: Flink SQL windows need a time attribute; after an interval join Flink keeps each input's rowtime, not the larger of the two that Tributary's join result carries",
    ]);
  });

  it('a JSON-array file, a field with two types, a lookup table with a repeated key', async () => {
    writeFileSync(join(dir, 'array.json'), '[{"k":"a","ts":1}]');
    expect(await refused([jsonlSource('src', join(dir, 'array.json')), sink])).toEqual([
      "src [format]: a JSON-array file: Flink's json format reads one JSON object per line; convert the file to JSON Lines",
    ]);
    const mixed = writeJsonl(dir, 'mixed.jsonl', [{ k: 'a', ts: 1 }, { k: 2, ts: 2 }]);
    expect(await refused([jsonlSource('src', mixed), sink])).toEqual(['src: field "k": the file ' + mixed + ' holds a string and an integer in this field (record 2); a Flink column has one type']);
    writeFileSync(join(dir, 'table.csv'), 'code,label\na,first\na,second\nb,third\n');
    const lookup: TestNode = { id: 'l', type: 'lookupJoin', config: { table: 'table.csv', key: { fields: ['k'] }, tableKey: ['code'], select: ['label'] } };
    expect(await refused([source(), lookup, sink])).toEqual([
      'l [tableKey]: 1 key(s) on several table rows (e.g. "a"): Flink\'s temporal join keeps one row per key, where the node form joins every matching row',
    ]);
  });

  it('Kafka: a source without a sample, a sink with a topic per record, inline certificates', async () => {
    const kafka: TestNode = { id: 'ks', type: 'kafkaSource', config: { brokers: ['127.0.0.1:9092'], topics: ['events'] } };
    expect(await refused([kafka, sink])).toEqual([
      'ks [topics]: the columns of topic events: Flink SQL declares every column and a Kafka topic does not say them: give a sample of the records as JSON lines with --sample ks=FILE',
    ]);
    expect(await refused([source(), { id: 'k', type: 'kafkaSink', config: { brokers: ['b:9092'], topic: 't', topicField: 'k' } }])).toEqual([
      'k [topicField]: topicField "k": a topic per record is not a Flink SQL Kafka table option (one table writes one topic)',
    ]);
    expect(await refused([source(), { id: 'k', type: 'kafkaSink', config: { brokers: ['b:9092'], topic: 't', ssl: { caFile: 'ca.pem' } } }])).toEqual([
      "k [ssl]: ssl with a CA or client certificate: Flink's Kafka client reads certificates from a truststore/keystore; set properties.ssl.* in job.sql by hand",
    ]);
  });

  it('a generator too large to write out', async () => {
    expect(await refused([{ id: 'g', type: 'generator', config: { count: 2_000_000 } }, sink])).toEqual([
      "g [count]: a generator of 2000000 records: Flink's datagen draws different values, so the export writes the records into a file, up to 1000000",
    ]);
  });
});

describe('Flink export warnings', () => {
  const lateness = (): TestNode[] => [source(), window({ allowedLateness: '10s' }), sink];
  const text =
    'allowedLateness 10000 ms: Flink SQL window TVFs have no allowed lateness: a record behind the watermark is dropped, where Tributary re-fires the window with an updated row. Results differ only when records arrive later than the watermark bound.';

  it('allowed lateness exports with a warning that the README repeats', async () => {
    const result = await exportTo(dir, pipeline('lateness', lateness()));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.warnings.map((w) => `${w.code} ${w.nodeId} ${w.field}: ${w.message}`)).toEqual([`TRB016 w allowedLateness: ${text}`]);
    expect(readFileSync(join(result.dir, 'README.md'), 'utf8')).toContain(`- node \`w\`, allowedLateness: ${text}`);
  });

  it('--strict turns the warning into a refusal', async () => {
    expect(refusals(await exportTo(dir, pipeline('lateness', lateness()), { strict: true }))).toEqual([`w [allowedLateness]: ${text} (refused by --strict)`]);
  });

  it('an unknown --param is refused, naming the known ones', async () => {
    expect(refusals(await exportTo(dir, pipeline('params', [source(), sink]), { params: ['nope.path=/x'] }))).toEqual(['- [--param]: --param nope.path: unknown parameter (known: src.path, out.path)']);
  });
});

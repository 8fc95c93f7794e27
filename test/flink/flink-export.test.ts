// Pipelines exported to Flink SQL and run on a real Apache Flink 1.20 beside the embedded engine,
// over the same sample; every sink's rows compared as multisets. Together they cover every
// translated node type (sources, transforms, windows, joins, sinks) and every construct of the
// TypeScript subset. One Flink runner for the file; skipped with the reason without Java.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSinkRows } from '../../engine/flink/sink-files.ts';
import { pipeline, type TestEdge, type TestNode } from '../export/flink-fixture.ts';
import { BASE, check, events, expectEqual, jsonl } from './export-check.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, useFlinkRunner, useScratchDir } from './flink-helpers.ts';

describe.skipIf(!availability.ok)('Flink export: same rows on Flink and Tributary', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();
  let src: TestNode;
  let other: TestNode;

  beforeAll(() => {
    jsonl(scratch(), 'events.jsonl', events(400, 11));
    jsonl(scratch(), 'other.jsonl', events(300, 12));
    src = { id: 'src', type: 'fileSource', config: { path: 'events.jsonl', time: { mode: 'event', field: 'ts' }, watermarks: { maxOutOfOrderness: '1s' } } };
    other = { id: 'other', type: 'fileSource', config: { path: 'other.jsonl', time: { mode: 'event', field: 'ts' }, watermarks: { maxOutOfOrderness: '1s' } } };
  });

  const sink = (id = 'out'): TestNode => ({ id, type: 'fileSink', config: {} });
  const run = async (nodes: TestNode[], edges?: TestEdge[], minRows = 1, inputs?: Record<string, string>): Promise<void> =>
    expectEqual(await check(flink(), scratch(), pipeline('check', nodes, edges), inputs), minRows);

  it('filter: comparisons, && || !, === and !==, truthiness, == null', async () => {
    await run([src, { id: 'f', type: 'filter', code: "(event.v > 3 && !event.flag) || event.s === 'Hello' || (event.opt == null && event.k !== 'k1') || (event.s && event.x <= -10)" }, sink()], undefined, 50);
  });

  it('map: arithmetic on integers and doubles, / and %, unary minus, a nested field', async () => {
    await run([src, { id: 'm', type: 'map', code: '({ k: event.k, sum: event.v + 2, prod: event.v * event.x, div: event.v / 4, mod: event.v % 3, neg: -event.x, diff: event.x - event.v, a: event.nested.a * 2, b: event.nested.b })' }, sink()]);
  });

  it('map: string methods, length, template literals, String() and + on strings', async () => {
    const code = `({
      up: event.s.toUpperCase(), low: event.s.toLowerCase(),
      starts: event.s.startsWith('H'), ends: event.s.endsWith('d'), has: event.s.includes('ll'),
      head: event.s.slice(1, 3), tail: event.s.slice(-2), from2: event.s.slice(2), mid: event.s.slice(-4, -1), len: event.s.length,
      label: \`\${event.k}/\${event.v}/\${event.flag}\`, text: String(event.v) + '!' + event.k,
    })`;
    await run([src, { id: 'm', type: 'map', code }, sink()]);
  });

  it('map: Math.abs/floor/ceil/round/min/max (round half up, as JavaScript)', async () => {
    const code = '({ abs: Math.abs(event.x), absv: Math.abs(event.v), fl: Math.floor(event.x), ce: Math.ceil(event.x), ro: Math.round(event.x), mn: Math.min(event.v, event.x, 3), mx: Math.max(event.v, 0) })';
    await run([src, { id: 'm', type: 'map', code }, sink()]);
  });

  it('map: ternary, ??, || on values, spread, const declarations and return', async () => {
    const code = `const big = event.v > 10;
const label = big ? 'big' : event.v < 0 ? 'negative' : 'small';
return { ...event, label, opt: event.opt ?? -1, word: event.s || 'empty', both: event.flag && event.v > 2 ? event.x : 0 };`;
    await run([src, { id: 'm', type: 'map', code }, sink()]);
  });

  it('keyBy + tumbling window: count, sum, avg (of integers), min, max, first, last, countDistinct', async () => {
    const aggregates = [
      { name: 'n', fn: 'count' },
      { name: 'total', fn: 'sum', field: 'v' },
      { name: 'mean', fn: 'avg', field: 'v' },
      { name: 'meanx', fn: 'avg', field: 'x' },
      { name: 'lo', fn: 'min', field: 'x' },
      { name: 'hi', fn: 'max', field: 's' },
      { name: 'first_s', fn: 'first', field: 's' },
      { name: 'last_v', fn: 'last', field: 'v' },
      { name: 'words', fn: 'countDistinct', field: 's' },
    ];
    await run([src, { id: 'by', type: 'keyBy', config: { key: { fields: ['k'] } } }, { id: 'w', type: 'tumblingWindow', config: { size: '10s', aggregates } }, sink()], undefined, 20);
  });

  it('tumbling window with an expression key', async () => {
    const w: TestNode = { id: 'w', type: 'tumblingWindow', config: { key: { expression: "event.k + '-' + (event.v % 2)" }, size: '15s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'sx', fn: 'sum', field: 'x' }] } };
    await run([src, w, sink()], undefined, 20);
  });

  it('sliding (HOP) window per key with a multi-field key', async () => {
    const w: TestNode = { id: 'w', type: 'slidingWindow', config: { key: { fields: ['k', 'flag'] }, size: '20s', slide: '5s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'avg_x', fn: 'avg', field: 'x' }, { name: 'mx', fn: 'max', field: 'v' }, { name: 'd', fn: 'countDistinct', field: 'v' }] } };
    await run([src, w, sink()], undefined, 20);
  });

  it('session window per key, and a global (unkeyed) tumbling window', async () => {
    const session: TestNode = { id: 'sess', type: 'sessionWindow', config: { key: { fields: ['k'] }, gap: '3s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'sum_v', fn: 'sum', field: 'v' }] } };
    const global: TestNode = { id: 'glob', type: 'tumblingWindow', config: { size: '30s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'lo', fn: 'min', field: 'v' }] } };
    const edges = [
      { source: 'src', target: 'sess' },
      { source: 'sess', target: 'out' },
      { source: 'src', target: 'glob' },
      { source: 'glob', target: 'out2' },
    ];
    await run([src, session, global, sink(), sink('out2')], edges, 5);
  });

  it('a window over a window (window_time is the next rowtime)', async () => {
    const inner: TestNode = { id: 'w1', type: 'tumblingWindow', config: { key: { fields: ['k'] }, size: '5s', aggregates: [{ name: 'n', fn: 'count' }] } };
    const outer: TestNode = { id: 'w2', type: 'tumblingWindow', config: { size: '1m', aggregates: [{ name: 'windows', fn: 'count' }, { name: 'records', fn: 'sum', field: 'n' }] } };
    await run([src, inner, outer, sink()]);
  });

  it('union of two sources with different fields, into two sinks and a sink with two inputs', async () => {
    const slim: TestNode = { id: 'slim', type: 'map', code: '({ k: event.k, extra: event.v * 10 })' };
    const edges = [
      { source: 'src', target: 'u' },
      { source: 'other', target: 'slim' },
      { source: 'slim', target: 'u' },
      { source: 'u', target: 'out' },
      { source: 'src', target: 'both' },
      { source: 'slim', target: 'both' },
    ];
    await run([src, other, slim, { id: 'u', type: 'union' }, sink(), sink('both')], edges, 300);
  });

  it('interval join with code, and with the default { ...left, ...right }', async () => {
    const coded: TestNode = { id: 'j', type: 'intervalJoin', config: { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: '-2s', upperBound: '1s' }, code: '({ k: left.k, lv: left.v, rv: right.v, gap: right.ts - left.ts })' };
    const plain: TestNode = { id: 'j2', type: 'intervalJoin', config: { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: 0, upperBound: '500ms' } };
    const edges = [
      { source: 'src', target: 'j', targetPort: 'left' },
      { source: 'other', target: 'j', targetPort: 'right' },
      { source: 'j', target: 'out' },
      { source: 'src', target: 'j2', targetPort: 'left' },
      { source: 'other', target: 'j2', targetPort: 'right' },
      { source: 'j2', target: 'out2' },
    ];
    await run([src, other, coded, plain, sink(), sink('out2')], edges, 10);
  });

  it('window join of two keyed streams (keyBy on each side)', async () => {
    const join: TestNode = { id: 'wj', type: 'windowJoin', config: { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, size: '5s' }, code: '({ k: left.k, l: left.v, r: right.v, same: left.s === right.s })' };
    const edges = [
      { source: 'src', target: 'bl' },
      { source: 'other', target: 'br' },
      { source: 'bl', target: 'wj', targetPort: 'left' },
      { source: 'br', target: 'wj', targetPort: 'right' },
      { source: 'wj', target: 'out' },
    ];
    const byL: TestNode = { id: 'bl', type: 'keyBy', config: { key: { fields: ['k'] } } };
    const byR: TestNode = { id: 'br', type: 'keyBy', config: { key: { fields: ['k'] } } };
    await run([src, other, byL, byR, join, sink()], edges, 20);
  });

  it('lookup join: CSV table left outer (unmatched keys, numeric and empty cells), JSONL table inner', async () => {
    writeFileSync(join(scratch(), 'keys.csv'), 'code,label,weight,note\nk0,zero,1.5,\nk1,one,2,first\nk2,two,,x\n');
    jsonl(scratch(), 'keys.jsonl', [{ code: 'k0', rank: 1 }, { code: 'k3', rank: 3 }]);
    const csv: TestNode = { id: 'l1', type: 'lookupJoin', config: { table: 'keys.csv', key: { fields: ['k'] }, tableKey: ['code'], prefix: 't_', mode: 'leftOuter' } };
    const json: TestNode = { id: 'l2', type: 'lookupJoin', config: { table: 'keys.jsonl', key: { expression: 'event.k' }, tableKey: ['code'], select: ['rank'], mode: 'inner' } };
    await run([src, csv, json, sink()], undefined, 50);
  });

  it('values and generator sources (written into data files) into windows', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: i, at: new Date(BASE + i * 1500).toISOString(), group: i % 3 === 0 ? 'a' : 'b' }));
    const values: TestNode = { id: 'vals', type: 'values', config: { rows, time: { mode: 'event', field: 'at', format: 'iso' } } };
    const gen: TestNode = { id: 'gen', type: 'generator', config: { count: 500, keys: 5, step: '300ms', seed: 42 } };
    const edges = [
      { source: 'vals', target: 'wv' },
      { source: 'wv', target: 'out' },
      { source: 'gen', target: 'fg' },
      { source: 'fg', target: 'wg' },
      { source: 'wg', target: 'out2' },
    ];
    await run(
      [
        values,
        gen,
        { id: 'wv', type: 'tumblingWindow', config: { key: { fields: ['group'] }, size: '10s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'ids', fn: 'sum', field: 'id' }] } },
        { id: 'fg', type: 'filter', code: 'event.value % 2 === 0' },
        { id: 'wg', type: 'tumblingWindow', config: { key: { fields: ['key'] }, size: '10s', aggregates: [{ name: 'n', fn: 'count' }, { name: 'avg', fn: 'avg', field: 'value' }] } },
        sink(),
        sink('out2'),
      ],
      edges,
      5,
    );
  });

  it('a CSV source (header, inferred numbers, empty cells) with yyyy/MM/dd HH:mm times', async () => {
    const lines = ['when,city,temp,code'];
    for (let i = 0; i < 120; i++) {
      const t = new Date(BASE + i * 7 * 60_000);
      const when = `${t.getUTCFullYear()}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${String(t.getUTCDate()).padStart(2, '0')} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
      lines.push(`${when},${['Oslo', 'Lima', 'Pune'][i % 3]},${i % 11 === 0 ? '' : ((i * 37) % 50) - 10 + 0.5},${i % 4}`);
    }
    writeFileSync(join(scratch(), 'weather.csv'), lines.join('\n') + '\n');
    const csv: TestNode = { id: 'weather', type: 'fileSource', config: { path: 'weather.csv', time: { mode: 'event', field: 'when', format: 'yyyy/MM/dd HH:mm' } } };
    const edges = [
      { source: 'weather', target: 'm' },
      { source: 'm', target: 'out' },
      { source: 'weather', target: 'w' },
      { source: 'w', target: 'out2' },
    ];
    await run(
      [
        csv,
        { id: 'm', type: 'map', code: '({ ...event, warm: event.temp > 20, code2: event.code * 2 })' },
        { id: 'w', type: 'tumblingWindow', config: { key: { fields: ['city'] }, size: '1h', aggregates: [{ name: 'n', fn: 'count' }, { name: 'avg_t', fn: 'avg', field: 'temp' }, { name: 'max_t', fn: 'max', field: 'temp' }] } },
        sink(),
        sink('out2'),
      ],
      edges,
      10,
    );
  });

  it('event time from an expression (seconds → ms) and ISO strings with offsets, bad times dropped', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({
      sec: Math.floor((BASE + i * 2000) / 1000),
      stamp:
        i % 10 === 3
          ? 'not a time'
          : i % 3 === 1
            ? new Date(BASE + i * 2000 + 7_200_000).toISOString().replace('Z', '+02:00')
            : new Date(BASE + i * 2000 - 5_400_000).toISOString().replace('Z', '-01:30').replace('.000', ''),
      n: i,
    }));
    jsonl(scratch(), 'times.jsonl', rows);
    const byExpr: TestNode = { id: 'a', type: 'fileSource', config: { path: 'times.jsonl', time: { mode: 'expression', expression: 'event.sec * 1000' } } };
    const byIso: TestNode = { id: 'b', type: 'fileSource', config: { path: 'times.jsonl', time: { mode: 'event', field: 'stamp' } } };
    const win = (id: string): TestNode => ({ id, type: 'tumblingWindow', config: { size: '20s', aggregates: [{ name: 'n', fn: 'count' }, { name: 's', fn: 'sum', field: 'n' }] } });
    const edges = [
      { source: 'a', target: 'wa' },
      { source: 'wa', target: 'out' },
      { source: 'b', target: 'wb' },
      { source: 'wb', target: 'out2' },
    ];
    await run([byExpr, byIso, win('wa'), win('wb'), sink(), sink('out2')], edges, 5);
  });

  it('console and preview sinks are compared as files; --input replaces a source with a sample', async () => {
    const sample = jsonl(scratch(), 'sample.jsonl', events(150, 99));
    const edges = [
      { source: 'src', target: 'f' },
      { source: 'f', target: 'console' },
      { source: 'f', target: 'preview' },
    ];
    const result = await check(
      flink(),
      scratch(),
      pipeline('sinks', [src, { id: 'f', type: 'filter', code: 'event.flag' }, { id: 'console', type: 'consoleSink' }, { id: 'preview', type: 'previewSink' }], edges),
      { src: sample },
    );
    expectEqual(result, 30);
    if (result.status === 'compared') expect(result.sinks.map((s) => s.nodeId)).toEqual(['console', 'preview']);
  });

  it('Flink 1.20.3 loses records in a TUMBLE with an offset (why the export refuses offsets)', async () => {
    const rows = events(400, 11);
    const path = jsonl(scratch(), 'offset.jsonl', rows);
    const out = join(scratch(), 'offset-out');
    const result = await flink().runSql(
      `SET 'table.local-time-zone' = 'UTC';
CREATE TABLE s (\`ts\` BIGINT, \`rowtime\` AS TO_TIMESTAMP_LTZ(\`ts\`, 3), WATERMARK FOR \`rowtime\` AS \`rowtime\` - INTERVAL '1.001' SECOND)
  WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
CREATE TABLE o (n BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'json');
INSERT INTO o SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(rowtime), INTERVAL '15' SECOND, INTERVAL '4' SECOND)) GROUP BY window_start, window_end;
`,
      { timeoutMs: 120_000 },
    );
    expect(result.error).toBeUndefined();
    const counted = (await readSinkRows(out)).reduce((n, r) => n + Number(r.n), 0);
    // Every record is in order within the 1 s bound: each belongs to exactly one window.
    expect(rows.length).toBe(400);
    expect(counted).toBeLessThan(rows.length);
  });

  it('allowed lateness: exported with its warning, and the check shows the re-fired row Flink does not write', async () => {
    jsonl(scratch(), 'late.jsonl', [
      { k: 'a', ts: 1000 },
      { k: 'a', ts: 5000 },
      { k: 'a', ts: 1500 },
      { k: 'a', ts: 9000 },
    ]);
    const late: TestNode = { id: 'late', type: 'fileSource', config: { path: 'late.jsonl', time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } } };
    const w: TestNode = { id: 'w', type: 'tumblingWindow', config: { key: { fields: ['k'] }, size: '2s', allowedLateness: '10s', aggregates: [{ name: 'n', fn: 'count' }] } };
    const result = await check(flink(), scratch(), pipeline('lateness', [late, w, sink()]));
    if (result.status !== 'compared') throw new Error(`expected a comparison, got ${JSON.stringify(result).slice(0, 500)}`);
    expect(result.warnings.map((p) => p.field)).toEqual(['allowedLateness']);
    expect(result.equal).toBe(false);
    const [diff] = result.sinks;
    // By hand: [0, 2 s) fires with 1 record when 5000 moves the watermark past it; 1500 is late
    // but within the lateness, so Tributary fires it again with 2; Flink drops 1500.
    expect(diff?.onlyTributary).toEqual({ count: 1, first: [{ k: 'a', n: 2, window_end: '1970-01-01T00:00:02.000Z', window_start: '1970-01-01T00:00:00.000Z' }] });
    expect(diff?.onlyFlink.count).toBe(0);
    expect(diff?.matched).toBe(3);
  });
});

/**
 * Issue 25 against a real Apache Flink 1.20: the union of an in-order and a shuffled file (the
 * flights sample split seeded), 1 h tumbling count per origin, on Flink SQL and on Tributary in
 * each replay mode.
 *
 * Which records of the shuffled file come too late depends on how far the in-order file has got
 * when they arrive, so it depends on the interleaving — on Flink, on thread scheduling (runs of the
 * same job drop different numbers), and Flink SQL's filesystem source cannot use watermark
 * alignment (`FileSystemTableSource` does not implement `SupportsWatermarkPushDown`, so the
 * `scan.watermark.alignment.*` options have nothing to act on). What every interleaving must
 * give, and this test checks on both engines:
 * - a record can only be late if it is late against its own source's watermark (the union's
 *   watermark is the minimum of the two): only records of the shuffled file, and only those the
 *   test finds late against that file's watermark (independently, from the rules);
 * - a window none of whose records is such a candidate has its full count, on Flink and in every
 *   Tributary mode — the same rows;
 * - counts plus late records are every record.
 * The same for a window join of the two files (1 h tumbling windows, key origin): a window without
 * such a candidate joins every pair of its records, |left| × |right|, on both engines.
 * The figures (how many each engine dropped) are printed; README, Replay modes, says why
 * Tributary's `aligned` is reproducible where a cluster's is not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearSinkFolder, readSinkRows } from '../../engine/flink/sink-files.ts';
import { runPipeline } from '../engine/harness.ts';
import { BOUND_MS, splitFlights, unionPipeline, type Arrival } from '../replay/union-fixture.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, sqlString, useFlinkRunner, useScratchDir } from './flink-helpers.ts';

const HOUR = 3_600_000;
const split = splitFlights(2025, 3 * 3_600_000);
const windowKey = (origin: string, ts: number): string => `${origin}|${new Date(Math.floor(ts / HOUR) * HOUR).toISOString()}`;
const lines = (list: readonly Arrival[]): string => list.map((r) => JSON.stringify(r.flight)).join('\n') + '\n';

/** Records of the shuffled file whose window had ended by that file's own watermark (punctuated, bound 5 min). */
function lateAgainstOwnWatermark(list: readonly Arrival[]): Arrival[] {
  let max = Number.NEGATIVE_INFINITY;
  const out: Arrival[] = [];
  for (const r of list) {
    const end = Math.floor(r.ts / HOUR) * HOUR + HOUR;
    if (end - 1 <= max - BOUND_MS - 1) out.push(r);
    max = Math.max(max, r.ts);
  }
  return out;
}

function tally<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return m;
}

const totals = tally([...split[0], ...split[1]], (r) => windowKey(r.flight.origin, r.ts));
const candidates = lateAgainstOwnWatermark(split[1]);
const candidatesPerWindow = tally(candidates, (r) => windowKey(r.flight.origin, r.ts));

/** Checks `counts` (window → count) against what every interleaving must give; @returns how many records were dropped. */
function expectPossible(counts: Map<string, number>, engine: string): number {
  let dropped = 0;
  for (const [key, total] of totals) {
    const counted = counts.get(key) ?? 0;
    const missing = total - counted;
    expect(missing, `${engine}: window ${key}`).toBeGreaterThanOrEqual(0);
    expect(missing, `${engine}: window ${key} dropped records that were in time for their own source`).toBeLessThanOrEqual(candidatesPerWindow.get(key) ?? 0);
    dropped += missing;
  }
  expect([...counts.keys()].filter((k) => !totals.has(k)), `${engine}: windows without records`).toEqual([]);
  return dropped;
}

/** The two files window-joined on origin in 1 h windows: pairs → `pairs`, late → `late`. */
function joinPipeline(replay: Record<string, unknown>): Record<string, unknown> {
  const union = unionPipeline(replay) as { nodes: { id: string }[] };
  return {
    version: 1,
    name: 'window join of an in-order and a shuffled file',
    settings: { replay },
    nodes: [
      ...union.nodes.filter((n) => n.id === 'in_order' || n.id === 'shuffled'),
      { id: 'j', type: 'windowJoin', config: { leftKey: { fields: ['origin'] }, rightKey: { fields: ['origin'] }, size: '1h' }, code: '({ origin: left.origin, l: left.date, r: right.date })' },
      { id: 'pairs', type: 'fileSink' },
      { id: 'late', type: 'fileSink' },
    ],
    edges: [
      { id: 'e1', source: 'in_order', target: 'j', targetPort: 'left' },
      { id: 'e2', source: 'shuffled', target: 'j', targetPort: 'right' },
      { id: 'e3', source: 'j', target: 'pairs' },
      { id: 'e4', source: 'j', sourcePort: 'late', target: 'late' },
    ],
  };
}

const leftPerWindow = tally(split[0], (r) => windowKey(r.flight.origin, r.ts));
const rightPerWindow = tally(split[1], (r) => windowKey(r.flight.origin, r.ts));

/** Checks pairs per window against what every interleaving must give; @returns the windows with pairs compared exactly. */
function expectPossiblePairs(pairs: Map<string, number>, engine: string): number {
  let exact = 0;
  for (const key of new Set([...leftPerWindow.keys(), ...rightPerWindow.keys()])) {
    const all = (leftPerWindow.get(key) ?? 0) * (rightPerWindow.get(key) ?? 0);
    const got = pairs.get(key) ?? 0;
    if (candidatesPerWindow.has(key)) expect(got, `${engine}: window ${key}`).toBeLessThanOrEqual(all);
    else {
      expect(got, `${engine}: window ${key} without candidates joins every pair`).toBe(all);
      if (all > 0) exact++;
    }
  }
  return exact;
}

describe('the issue-25 union: invariants of any interleaving', () => {
  it('the split leaves most windows without a candidate, so the full-count check has teeth', () => {
    const free = [...totals.keys()].filter((k) => !candidatesPerWindow.has(k)).length;
    expect(candidates.length).toBeGreaterThan(1000);
    expect(free / totals.size).toBeGreaterThan(0.3);
  });

  for (const replay of [{ mode: 'aligned' }, { mode: 'drift', maxAllowedWatermarkDrift: '2h' }, { mode: 'chunked' }]) {
    it(`Tributary ${replay.mode}: late records are candidates, counts plus late records are every record`, async () => {
      const run = await runPipeline(unionPipeline(replay) as never, { files: { 'in-order.jsonl': lines(split[0]), 'shuffled.jsonl': lines(split[1]) } });
      const hourly = run.fileRows('hourly') as unknown as { origin: string; window_start: string; flights: number }[];
      const counts = new Map(hourly.map((h) => [`${h.origin}|${h.window_start}`, h.flights]));
      const dropped = expectPossible(counts, `Tributary ${replay.mode}`);
      const late = run.fileRows('late') as unknown as { record: Arrival['flight'] }[];
      expect(late.length).toBe(dropped);
      const pool = tally(candidates, (r) => JSON.stringify(r.flight));
      for (const l of late) {
        const k = JSON.stringify(l.record);
        expect(pool.get(k) ?? 0, `late record ${k} was not late against its own source`).toBeGreaterThan(0);
        pool.set(k, (pool.get(k) as number) - 1);
      }
    });

    it(`Tributary ${replay.mode}, window join: late records are candidates, windows without one join every pair`, async () => {
      const run = await runPipeline(joinPipeline(replay) as never, { files: { 'in-order.jsonl': lines(split[0]), 'shuffled.jsonl': lines(split[1]) } });
      const pairs = tally(run.fileRows('pairs') as unknown as { origin: string; window_start: string }[], (p) => `${p.origin}|${p.window_start}`);
      const exact = expectPossiblePairs(pairs, `Tributary ${replay.mode}`);
      console.log(`window join, Tributary ${replay.mode}: ${run.fileRows('pairs').length} pairs, ${run.fileRows('late').length} late; ${exact} windows with pairs compared exactly`);
      expect(exact).toBeGreaterThan(300);
      const pool = tally(candidates, (r) => JSON.stringify(r.flight));
      for (const l of run.fileRows('late') as unknown as { record: Arrival['flight'] }[]) expect(pool.get(JSON.stringify(l.record)) ?? 0).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!availability.ok)('the issue-25 union on Apache Flink', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();
  let aligned: Map<string, number>;

  beforeAll(async () => {
    const run = await runPipeline(unionPipeline() as never, { files: { 'in-order.jsonl': lines(split[0]), 'shuffled.jsonl': lines(split[1]) } });
    aligned = new Map((run.fileRows('hourly') as unknown as { origin: string; window_start: string; flights: number }[]).map((h) => [`${h.origin}|${h.window_start}`, h.flights]));
  });

  it('drops only candidates, and every window without one has the count Tributary gives', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in-order.jsonl'), lines(split[0]));
    writeFileSync(join(dir, 'shuffled.jsonl'), lines(split[1]));
    const out = join(dir, 'hourly');
    await clearSinkFolder(out);
    const table = (name: string, file: string): string => `CREATE TABLE ${name} (
  \`date\` STRING,
  origin STRING,
  ts AS TO_TIMESTAMP(\`date\`, 'yyyy/MM/dd HH:mm'),
  WATERMARK FOR ts AS ts - INTERVAL '0 00:05:00.001' DAY TO SECOND(3)
) WITH ('connector' = 'filesystem', 'path' = ${sqlString(join(dir, file))}, 'format' = 'json', 'scan.watermark.emit.strategy' = 'on-event');`;
    // Watermark as Tributary's punctuated bounded-out-of-orderness: max - bound - 1 ms, on every record.
    const script = `SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
${table('in_order', 'in-order.jsonl')}
${table('shuffled', 'shuffled.jsonl')}
CREATE TABLE hourly (origin STRING, window_start STRING, flights BIGINT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');
CREATE VIEW u AS SELECT origin, ts FROM in_order UNION ALL SELECT origin, ts FROM shuffled;
INSERT INTO hourly
SELECT origin, DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''), COUNT(*)
FROM TABLE(TUMBLE(TABLE u, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY origin, window_start, window_end;
`;
    const result = await flink().runSql(script, { timeoutMs: 240_000 });
    if (!result.ok) throw new Error(result.error);
    const rows = (await readSinkRows(out)) as { origin: string; window_start: string; flights: number }[];
    const counts = new Map(rows.map((r) => [`${r.origin}|${r.window_start}`, Number(r.flights)]));
    expect(counts.size).toBe(rows.length);
    const dropped = expectPossible(counts, 'Flink');
    let compared = 0;
    for (const key of totals.keys()) {
      if (candidatesPerWindow.has(key)) continue;
      expect(counts.get(key), `Flink, window ${key}`).toBe(aligned.get(key));
      compared++;
    }
    const alignedLate = [...totals].reduce((n, [k, t]) => n + t - (aligned.get(k) ?? 0), 0);
    console.log(
      `issue-25 union: Flink dropped ${dropped} late records, Tributary aligned ${alignedLate}, of ${candidates.length} late against the shuffled file's own watermark; ${compared} of ${totals.size} windows compared row for row`,
    );
  });

  it('window join: windows without a candidate join every pair, as on Tributary', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in-order.jsonl'), lines(split[0]));
    writeFileSync(join(dir, 'shuffled.jsonl'), lines(split[1]));
    const out = join(dir, 'pairs');
    await clearSinkFolder(out);
    const table = (name: string, file: string): string => `CREATE TABLE ${name} (
  \`date\` STRING,
  origin STRING,
  ts AS TO_TIMESTAMP(\`date\`, 'yyyy/MM/dd HH:mm'),
  WATERMARK FOR ts AS ts - INTERVAL '0 00:05:00.001' DAY TO SECOND(3)
) WITH ('connector' = 'filesystem', 'path' = ${sqlString(join(dir, file))}, 'format' = 'json', 'scan.watermark.emit.strategy' = 'on-event');`;
    const tumble = (t: string): string => `(SELECT * FROM TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '1' HOUR)))`;
    const script = `SET 'parallelism.default' = '1';
SET 'table.local-time-zone' = 'UTC';
${table('in_order', 'in-order.jsonl')}
${table('shuffled', 'shuffled.jsonl')}
CREATE TABLE pairs (origin STRING, window_start STRING, l STRING, r STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');
INSERT INTO pairs
SELECT L.origin, DATE_FORMAT(L.window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''), L.\`date\`, R.\`date\`
FROM ${tumble('in_order')} L JOIN ${tumble('shuffled')} R
ON L.origin = R.origin AND L.window_start = R.window_start AND L.window_end = R.window_end;
`;
    const result = await flink().runSql(script, { timeoutMs: 240_000 });
    if (!result.ok) throw new Error(result.error);
    const rows = (await readSinkRows(out)) as { origin: string; window_start: string }[];
    const exact = expectPossiblePairs(tally(rows, (p) => `${p.origin}|${p.window_start}`), 'Flink');
    const all = [...leftPerWindow].reduce((n, [k, l]) => n + l * (rightPerWindow.get(k) ?? 0), 0);
    console.log(`issue-25 window join: Flink ${rows.length} pairs of ${all} possible; ${exact} windows with pairs compared exactly`);
    expect(exact).toBeGreaterThan(300);
  });
});

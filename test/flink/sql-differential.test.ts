// The sql node row for row against real Apache Flink 1.20 (see sql-diff.ts for how, and what is
// normalised): queries over the flights (20,000 real US flights, in time order) and over sensor
// readings generated here with a seeded PRNG and shuffled (disorder up to 2 minutes within a
// 1-minute watermark bound, and a few readings 5–20 minutes late), so late rows are dropped by
// both engines. Each case also compares the result types Flink's DESCRIBE prints with ours.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availability, FLINK_TEST_TIMEOUT_MS, seededRandom, useFlinkRunner, useScratchDir } from './flink-helpers.ts';
import { canonical, compareWithFlink, writeJsonl, type DiffTable } from './sql-diff.ts';
import { compileSql } from '../../engine/sql/index.ts';

const FLIGHTS_PATH = fileURLToPath(new URL('../../examples/data/flights-20k.jsonl', import.meta.url));

const flights: DiffTable = {
  name: 'flights',
  path: FLIGHTS_PATH,
  columns: { date: 'STRING', delay: 'INT', distance: 'INT', origin: 'STRING', destination: 'STRING' },
  time: { tributary: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, flink: "CAST(TO_TIMESTAMP(`date`, 'yyyy/MM/dd HH:mm') AS TIMESTAMP_LTZ(3))" },
  boundMs: 5 * 60_000,
};

/** 4,000 sensor readings over about 3.5 hours, arriving out of order (see the file header). */
function sensorRows(): Record<string, unknown>[] {
  const random = seededRandom(42);
  const start = Date.parse('2024-03-01T00:00:00Z');
  const statuses = ['ok', 'ok', 'ok', 'warn', 'fail', null];
  const rows = Array.from({ length: 4000 }, (_, i) => {
    const ms = start + i * 3000 + Math.floor(random() * 3000);
    return {
      ms,
      sensor: `s${1 + Math.floor(random() * 6)}`,
      temp: Math.round((15 + random() * 20) * 10) / 10,
      hum: Math.floor(30 + random() * 60),
      status: statuses[Math.floor(random() * statuses.length)] ?? null,
      reading: i,
    };
  });
  // Arrival order: each reading delayed by up to 2 minutes, 1 in 40 by 5 to 20 minutes.
  const arrival = rows.map((r) => (r.ms as number) + (random() < 0.025 ? 300_000 + random() * 900_000 : random() * 120_000));
  return rows.map((r, i) => ({ r, at: arrival[i] as number })).sort((a, b) => a.at - b.at).map((x) => x.r);
}

describe.skipIf(!availability.ok)('sql node vs Apache Flink 1.20 (differential)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();
  let sensors: DiffTable | undefined;
  const sensorTable = (): DiffTable => {
    sensors ??= {
      name: 'sensors',
      path: writeJsonl(scratch(), 'sensors.jsonl', sensorRows()),
      columns: { ms: 'BIGINT', sensor: 'STRING', temp: 'DOUBLE', hum: 'INT', status: 'STRING', reading: 'BIGINT' },
      time: { tributary: { mode: 'event', field: 'ms', format: 'epochMillis' }, flink: 'TO_TIMESTAMP_LTZ(`ms`, 3)' },
      boundMs: 60_000,
    };
    return sensors;
  };

  /** Runs one query on both engines and expects the same rows and the same result types. */
  async function same(name: string, query: string, tables: () => DiffTable[], expectLate = false): Promise<number> {
    const r = await compareWithFlink(flink(), scratch(), name, query, tables());
    expect(r.ourTypes, 'result types').toEqual(r.flinkTypes);
    const inputs = Object.fromEntries(tables().map((t) => [t.name, { columns: Object.entries(t.columns).map(([n, type]) => ({ name: n, type })) }]));
    const compiled = compileSql(query, inputs);
    if (!compiled.ok) throw new Error('does not compile');
    expect(r.tributary.length, 'rows').toBeGreaterThan(0);
    expect(canonical(r.tributary, compiled.output)).toEqual(canonical(r.flink, compiled.output));
    expect(r.errors).toBe(0);
    if (expectLate) expect(r.late, 'late rows in the disordered input').toBeGreaterThan(0);
    return r.tributary.length;
  }

  it('projection and WHERE with string and arithmetic functions', async () => {
    await same(
      'calc-strings',
      "SELECT origin, destination, delay, UPPER(LOWER(origin)) AS o, CHAR_LENGTH(destination) AS l, delay / 7 AS d7, MOD(distance, 100) AS m, origin || '-' || destination AS route FROM flights WHERE delay > 60 AND origin LIKE 'S%'",
      () => [flights],
    );
  });

  it('TUMBLE: delays by origin and hour (COUNT, AVG of a DOUBLE)', async () => {
    await same(
      'delays-by-origin',
      "SELECT origin, window_start, window_end, COUNT(*) AS flights, AVG(CAST(delay AS DOUBLE)) AS avg_delay FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)) WHERE delay > 0 GROUP BY origin, window_start, window_end",
      () => [flights],
    );
  });


  const F = () => [flights];
  const S = () => [sensorTable()];
  const tvf = (fn: string, table = 'flights') => `TABLE(${fn.replace('$T', `TABLE ${table}`)})`;

  it('CASE, COALESCE, NULLIF, ABS, ROUND of a DECIMAL quotient', async () => {
    await same(
      'calc-case',
      "SELECT origin, CASE WHEN delay > 15 THEN 'late' WHEN delay < 0 THEN 'early' ELSE 'on time' END AS status, ABS(delay) AS a, ROUND(distance / 1.609, 1) AS km, NULLIF(delay, 0) AS nz, COALESCE(NULLIF(destination, 'JFK'), 'NYC') AS dest FROM flights WHERE distance > 2500",
      F,
    );
  });

  it('time functions on rowtime (session time zone UTC)', async () => {
    await same(
      'calc-time',
      "SELECT rowtime, EXTRACT(HOUR FROM rowtime) AS h, DATE_FORMAT(rowtime, 'yyyy-MM-dd HH:mm') AS t, CAST(rowtime AS STRING) AS s, TIMESTAMPADD(MINUTE, delay, rowtime) AS arrival FROM flights WHERE delay > 180",
      F,
    );
  });

  it('CAST, TRY_CAST, SUBSTRING, POSITION, TRIM', async () => {
    await same(
      'calc-cast',
      "SELECT TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) AS y, CAST(SUBSTRING(`date`, 6, 2) AS INT) AS m, CAST(delay AS DOUBLE) / 3 AS third, POSITION('A' IN origin) AS pa, TRIM(BOTH 'J' FROM destination) AS d, CAST(distance AS DECIMAL(10, 2)) / 7 AS dd FROM flights WHERE destination = 'JFK'",
      F,
    );
  });

  it('TUMBLE per day: SUM, MIN, MAX, AVG of INT (truncating), COUNT(DISTINCT)', async () => {
    await same(
      'tumble-day',
      `SELECT origin, window_start, COUNT(*) AS n, SUM(distance) AS dist, MIN(delay) AS lo, MAX(delay) AS hi, AVG(delay) AS avg_int, COUNT(DISTINCT destination) AS dests
       FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '1' DAY)")} WHERE origin IN ('ORD', 'ATL', 'DFW', 'LAX') GROUP BY origin, window_start, window_end`,
      F,
    );
  });

  it('HOP 2 h every 30 min per origin', async () => {
    await same(
      'hop',
      `SELECT origin, window_start, window_end, COUNT(*) AS n, SUM(delay) AS total FROM ${tvf("HOP($T, DESCRIPTOR(rowtime), INTERVAL '30' MINUTE, INTERVAL '2' HOUR)")}
       WHERE origin IN ('ORD', 'ATL') GROUP BY origin, window_start, window_end`,
      F,
    );
  });

  it('CUMULATE 6 h by 1 h: COUNT, MAX, SUM of DOUBLE', async () => {
    await same(
      'cumulate',
      `SELECT window_start, window_end, COUNT(*) AS n, MAX(distance) AS longest, SUM(CAST(delay AS DOUBLE) / 7) AS sevenths FROM ${tvf("CUMULATE($T, DESCRIPTOR(rowtime), INTERVAL '1' HOUR, INTERVAL '6' HOUR)")} GROUP BY window_start, window_end`,
      F,
    );
  });

  it('SESSION per origin (PARTITION BY), 30 min gap', async () => {
    await same(
      'session',
      `SELECT origin, window_start, window_end, COUNT(*) AS n, MIN(delay) AS lo, MAX(delay) AS hi, AVG(CAST(delay AS DOUBLE)) AS mean
       FROM TABLE(SESSION(TABLE flights PARTITION BY origin, DESCRIPTOR(rowtime), INTERVAL '30' MINUTE)) WHERE origin IN ('SFO', 'SEA', 'BOS') GROUP BY origin, window_start, window_end`,
      F,
    );
  });

  it('LISTAGG in arrival order per window', async () => {
    await same(
      'listagg',
      `SELECT window_start, LISTAGG(destination, ';') AS dests, LISTAGG(CAST(delay AS STRING)) AS delays FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '3' HOUR)")} WHERE origin = 'SFO' GROUP BY window_start, window_end`,
      F,
    );
  });

  it('FIRST_VALUE and LAST_VALUE in TUMBLE windows', async () => {
    await same(
      'first-last',
      `SELECT origin, window_end, FIRST_VALUE(destination) AS first_dest, LAST_VALUE(destination) AS last_dest, FIRST_VALUE(delay) AS first_delay FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '2' HOUR)")}
       WHERE origin IN ('LAX', 'DEN') GROUP BY origin, window_start, window_end`,
      F,
    );
  });

  it('window Top-N over a window aggregation: the 3 busiest origins per day', async () => {
    await same(
      'topn-agg',
      `SELECT window_start, origin, n, rn FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, origin) AS rn
         FROM (SELECT window_start, window_end, origin, COUNT(*) AS n FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '1' DAY)")} GROUP BY window_start, window_end, origin))
       WHERE rn <= 3`,
      F,
    );
  });

  it('window Top-N over a window TVF: the 2 most delayed flights per 6 h', async () => {
    await same(
      'topn-tvf',
      `SELECT window_start, origin, destination, delay FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY delay DESC) AS rn
         FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '6' HOUR)")})
       WHERE rn <= 2`,
      F,
    );
  });

  it('window deduplication: the first flight per origin and day', async () => {
    await same(
      'dedup-first',
      `SELECT window_start, origin, destination, rowtime FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, origin ORDER BY rowtime) AS rn
         FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '1' DAY)")} WHERE origin IN ('ORD', 'PHX', 'MSP'))
       WHERE rn = 1`,
      F,
    );
  });

  it('HAVING, then a cascaded window on the renamed window_time', async () => {
    await same(
      'cascade',
      `WITH hourly AS (
         SELECT origin, window_time AS hour_time, COUNT(*) AS n FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)")}
         GROUP BY origin, window_start, window_end, window_time HAVING COUNT(*) >= 2)
       SELECT origin, window_start, MAX(n) AS busiest_hour, SUM(n) AS flights FROM TABLE(TUMBLE(TABLE hourly, DESCRIPTOR(hour_time), INTERVAL '1' DAY))
       GROUP BY origin, window_start, window_end`,
      F,
    );
  });

  it('interval join: a connecting flight 1–2 h later (the second time cast to a plain TIMESTAMP_LTZ: a Flink sink takes one time attribute)', async () => {
    await same(
      'interval-join',
      `SELECT a.origin, a.destination, b.destination AS next_dest, a.rowtime AS first_dep, CAST(b.rowtime AS TIMESTAMP_LTZ(3)) AS second_dep, b.delay - a.delay AS d
       FROM flights a JOIN flights b ON a.destination = b.origin AND b.rowtime BETWEEN a.rowtime + INTERVAL '1' HOUR AND a.rowtime + INTERVAL '2' HOUR
       WHERE a.origin = 'SFO'`,
      F,
    );
  });

  it('LEFT interval join: the return flight within 6 h, NULL when none', async () => {
    await same(
      'interval-left',
      `SELECT a.origin, a.destination, a.delay, b.delay AS back_delay FROM flights a
       LEFT JOIN flights b ON a.destination = b.origin AND a.origin = b.destination AND b.rowtime > a.rowtime AND b.rowtime <= a.rowtime + INTERVAL '6' HOUR
       WHERE a.origin = 'BOS'`,
      F,
    );
  });

  it('window join: departures and arrivals per airport and 6 h', async () => {
    const counts = (col: string, name: string) => `(SELECT ${col}, window_start, window_end, COUNT(*) AS ${name} FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '6' HOUR)")} GROUP BY ${col}, window_start, window_end)`;
    await same(
      'window-join',
      `SELECT L.origin AS airport, L.window_start, L.deps, R.arrs FROM ${counts('origin', 'deps')} L JOIN ${counts('destination', 'arrs')} R
       ON L.origin = R.destination AND L.window_start = R.window_start AND L.window_end = R.window_end`,
      F,
    );
  });

  it('FULL OUTER window join of two window TVFs', async () => {
    const side = (where: string) => `(SELECT * FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)")} WHERE ${where})`;
    await same(
      'window-join-full',
      `SELECT L.destination AS via, L.delay AS in_delay, R.destination AS onward, R.delay AS out_delay, COALESCE(L.window_start, R.window_start) AS ws
       FROM ${side("origin = 'LAS'")} L FULL JOIN ${side("destination = 'PHX'")} R
       ON L.destination = R.origin AND L.window_start = R.window_start AND L.window_end = R.window_end`,
      F,
    );
  });

  it('UNION ALL of two projections of one table', async () => {
    await same(
      'union',
      "SELECT origin AS airport, 'dep' AS kind, delay FROM flights WHERE delay > 200 UNION ALL SELECT destination, 'arr', delay FROM flights WHERE delay < -30",
      F,
    );
  });

  it('sensors: HOP per sensor over disordered input (DOUBLE sums merged from slices)', async () => {
    await same(
      'sensors-hop',
      `SELECT sensor, window_start, window_end, COUNT(*) AS n, SUM(temp) AS t, MIN(hum) AS h FROM ${tvf("HOP($T, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)", 'sensors')} GROUP BY sensor, window_start, window_end`,
      S,
      true,
    );
  });

  it('sensors: CUMULATE per sensor over disordered input', async () => {
    await same(
      'sensors-cumulate',
      `SELECT sensor, window_start, window_end, COUNT(*) AS n, AVG(temp) AS t FROM ${tvf("CUMULATE($T, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE, INTERVAL '30' MINUTE)", 'sensors')} GROUP BY sensor, window_start, window_end`,
      S,
      true,
    );
  });

  it('sensors: SESSION per sensor over disordered input', async () => {
    await same(
      'sensors-session',
      `SELECT sensor, window_start, window_end, COUNT(*) AS n, MAX(temp) AS t, MIN(hum) AS h FROM TABLE(SESSION(TABLE sensors PARTITION BY sensor, DESCRIPTOR(rowtime), INTERVAL '20' SECOND)) GROUP BY sensor, window_start, window_end`,
      S,
      true,
    );
  });

  it('sensors: Top-N over a window TVF with late rows (ties in arrival order)', async () => {
    await same(
      'sensors-topn',
      `SELECT window_start, sensor, temp, reading FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY temp DESC) AS rn FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE)", 'sensors')})
       WHERE rn <= 3`,
      S,
      true,
    );
  });

  it('sensors: the last reading per sensor and 5 minutes (deduplication on rowtime DESC)', async () => {
    await same(
      'sensors-dedup',
      `SELECT window_start, sensor, reading, temp FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, sensor ORDER BY rowtime DESC) AS rn FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE)", 'sensors')})
       WHERE rn = 1`,
      S,
      true,
    );
  });

  it('sensors: projections over NULLs, DOUBLE arithmetic, DECIMAL casts', async () => {
    await same(
      'sensors-calc',
      "SELECT sensor, reading, COALESCE(status, 'none') AS st, status IS NULL AS missing, temp * 1.8 + 32 AS f, CAST(temp AS DECIMAL(5, 1)) AS d, hum / 7 AS h7, CASE WHEN temp > 30 AND status = 'ok' THEN TRUE ELSE FALSE END AS hot FROM sensors WHERE hum > 80",
      S,
    );
  });

  it('sensors: COUNT(col) skips NULLs, COUNT(DISTINCT), SUM of CASE, SUM of no value is NULL', async () => {
    await same(
      'sensors-counts',
      `SELECT window_start, COUNT(*) AS n, COUNT(status) AS with_status, COUNT(DISTINCT status) AS statuses, SUM(CASE WHEN status = 'fail' THEN 1 ELSE 0 END) AS fails, SUM(CASE WHEN status = 'nope' THEN hum END) AS never
       FROM ${tvf("TUMBLE($T, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE)", 'sensors')} GROUP BY window_start, window_end`,
      S,
      true,
    );
  });

  it('sensors: TUMBLE per sensor over disordered input, late rows dropped alike', async () => {
    await same(
      'sensors-tumble',
      "SELECT sensor, window_start, window_end, COUNT(*) AS n, AVG(temp) AS t, MAX(hum) AS h, COUNT(status) AS with_status FROM TABLE(TUMBLE(TABLE sensors, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE)) GROUP BY sensor, window_start, window_end",
      () => [sensorTable()],
      true,
    );
  });
});

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

  it('sensors: TUMBLE per sensor over disordered input, late rows dropped alike', async () => {
    await same(
      'sensors-tumble',
      "SELECT sensor, window_start, window_end, COUNT(*) AS n, AVG(temp) AS t, MAX(hum) AS h, COUNT(status) AS with_status FROM TABLE(TUMBLE(TABLE sensors, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE)) GROUP BY sensor, window_start, window_end",
      () => [sensorTable()],
      true,
    );
  });
});

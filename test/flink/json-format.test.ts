// How Flink 1.20's JSON format writes and reads time values, and what it does with rows that do
// not fit the schema: facts the Flink SQL exporter and the differential tests depend on, checked
// against the real Flink (see the Flink docs for 'json.timestamp-format.standard' and
// 'json.ignore-parse-errors').
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearSinkFolder, readSinkRows } from '../../engine/flink/sink-files.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, sqlString, useFlinkRunner, useScratchDir } from './flink-helpers.ts';

const JOB_TIMEOUT_MS = 120_000;

describe.skipIf(!availability.ok)('Flink JSON format (real Apache Flink)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();

  /** Writes one row of time values with the given standard; @returns that row as Flink wrote it. */
  async function writeTimes(standard?: 'SQL' | 'ISO-8601'): Promise<Record<string, unknown>> {
    const out = join(scratch(), `times-${standard ?? 'default'}`);
    await clearSinkFolder(out);
    const option = standard ? `, 'json.timestamp-format.standard' = '${standard}'` : '';
    const result = await flink().runSql(
      `
      SET 'table.local-time-zone' = 'UTC';
      CREATE TABLE times (ts TIMESTAMP(3), ms TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), d DATE, tm TIME(0))
        WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json'${option});
      INSERT INTO times VALUES (
        TIMESTAMP '2001-01-01 00:00:00', TIMESTAMP '2001-01-01 08:30:00.120',
        TO_TIMESTAMP_LTZ(978307200123, 3), DATE '2001-01-01', TIME '10:20:30');
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(result.error).toBeUndefined();
    const rows = await readSinkRows(out);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  it("writes TIMESTAMP(3) as '2001-01-01 00:00:00' by default, dropping zero fraction digits", async () => {
    expect(await writeTimes()).toEqual({
      ts: '2001-01-01 00:00:00',
      ms: '2001-01-01 08:30:00.12',
      ltz: '2001-01-01 00:00:00.123Z',
      d: '2001-01-01',
      tm: '10:20:30',
    });
    expect(await writeTimes('SQL')).toEqual(await writeTimes());
  });

  it("writes '2001-01-01T00:00:00' with 'json.timestamp-format.standard' = 'ISO-8601'", async () => {
    expect(await writeTimes('ISO-8601')).toEqual({
      ts: '2001-01-01T00:00:00',
      ms: '2001-01-01T08:30:00.12',
      ltz: '2001-01-01T00:00:00.123Z',
      d: '2001-01-01',
      tm: '10:20:30',
    });
  });

  /** Reads `lines` as a JSON file with a TIMESTAMP(3) column `ts` (and INT `n`), written back as strings. */
  async function readBack(lines: readonly string[], options: string): Promise<{ ok: boolean; error?: string; rows: Record<string, unknown>[] }> {
    const name = `read-${Math.random().toString(36).slice(2, 8)}`;
    const input = join(scratch(), `${name}.jsonl`);
    writeFileSync(input, lines.join('\n') + '\n');
    const out = join(scratch(), `${name}-out`);
    const result = await flink().runSql(
      `
      CREATE TABLE src (n INT, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json'${options});
      CREATE TABLE snk (n INT, ts STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');
      INSERT INTO snk SELECT n, CAST(ts AS STRING) FROM src;
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    return { ok: result.ok, ...(result.error !== undefined ? { error: result.error } : {}), rows: result.ok ? await readSinkRows(out) : [] };
  }

  it('reads only its own timestamp standard: the default fails the job on an ISO-8601 string', async () => {
    const iso = '{"n":1,"ts":"2001-01-01T00:00:00"}';
    const sql = '{"n":2,"ts":"2001-01-01 00:00:00.5"}';
    const byDefault = await readBack([sql, iso], '');
    expect(byDefault.ok).toBe(false);
    expect(byDefault.error).toContain(`Failed to deserialize JSON '${iso}'`);

    const byIso = await readBack([iso, sql], ", 'json.timestamp-format.standard' = 'ISO-8601'");
    expect(byIso.ok).toBe(false);
    expect(byIso.error).toContain(`Failed to deserialize JSON '${sql}'`);

    // CAST(TIMESTAMP(3) AS STRING) always shows three fraction digits.
    expect((await readBack([sql], '')).rows).toEqual([{ n: 2, ts: '2001-01-01 00:00:00.500' }]);
    expect((await readBack([iso], ", 'json.timestamp-format.standard' = 'ISO-8601'")).rows).toEqual([{ n: 1, ts: '2001-01-01 00:00:00.000' }]);
  });

  it("with 'json.ignore-parse-errors' skips lines that are not JSON and nulls fields that do not fit", async () => {
    const lines = ['{"n":1,"ts":"2001-01-01 00:00:01"}', 'this is not json', '{"n":"two","ts":"2001-01-01 00:00:02"}', '{"n":3,"ts":"2001-01-01T00:00:03"}', '{"n":4,"extra":true}'];
    const strict = await readBack(lines, '');
    expect(strict.ok).toBe(false);
    expect(strict.error).toContain("Failed to deserialize JSON 'this is not json'");

    const lenient = await readBack(lines, ", 'json.ignore-parse-errors' = 'true'");
    expect(lenient.error).toBeUndefined();
    expect(lenient.rows).toEqual([
      { n: 1, ts: '2001-01-01 00:00:01.000' },
      { n: null, ts: '2001-01-01 00:00:02.000' },
      { n: 3, ts: null },
      { n: 4, ts: null },
    ]);
  });
});

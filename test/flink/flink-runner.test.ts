// The Flink runner against a real Apache Flink (jars from Maven Central, a MiniCluster in one
// JVM, scripts run by Flink's own SQL client code): window TVF results checked against an
// independent computation, SET + statement sets, statement and job failures, timeouts, and that
// the runner keeps serving after each of them.
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearSinkFolder, listSinkFiles, readSinkRows } from '../../engine/flink/sink-files.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, canonicalRows, seededRandom, sqlString, sqlTimestamp, useFlinkRunner, useScratchDir } from './flink-helpers.ts';

const JOB_TIMEOUT_MS = 120_000;

/** The TCP addresses a process listens on, from /proc (Linux): `ip:port`, IPv6 as `[hex]:port`. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== '0A' || !inode || !inodes.has(inode)) continue; // 0A = LISTEN
      const [hex, port] = local.split(':') as [string, string];
      const ip = hex.length === 8 ? (hex.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.') : `[${hex}]`;
      addresses.push(`${ip}:${parseInt(port, 16)}`);
    }
  }
  return addresses;
}

describe.skipIf(!availability.ok)('Flink runner (real Apache Flink, SQL client)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();

  /** Writes JSON lines into the scratch dir. @returns the absolute path. */
  function writeJsonl(name: string, rows: readonly Record<string, unknown>[]): string {
    const path = join(scratch(), name);
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return path;
  }

  it.skipIf(process.platform !== 'linux')('listens on 127.0.0.1 only (REST, SQL gateway, blob server)', () => {
    const listening = listeningAddresses(flink().pid);
    expect(listening.length).toBeGreaterThanOrEqual(3);
    expect(listening.filter((address) => !address.startsWith('127.0.0.1:'))).toEqual([]);
    expect(listening).toContain(`127.0.0.1:${new URL(flink().restUrl).port}`);
  });

  it('counts per key in 1-minute TUMBLE windows as an independent computation does', async () => {
    // 2,000 events over ~40 minutes, 7 keys, shuffled by up to 3 s of event time: less than
    // the 5 s watermark bound, so no event is late however the watermark advances.
    const random = seededRandom(20240101);
    const base = Date.UTC(2024, 0, 1, 0, 0, 0);
    const events = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${Math.floor(random() * 7)}`,
      ms: base + i * 1_200 + Math.floor(random() * 1_000),
    }));
    for (let i = 0; i < events.length; i++) {
      const j = Math.min(events.length - 1, i + Math.floor(random() * 3));
      const [a, b] = [events[i]!, events[j]!];
      if (Math.abs(a.ms - b.ms) < 3_000) [events[i], events[j]] = [b, a];
    }
    const input = writeJsonl('tumble-in.jsonl', events.map((e) => ({ key: e.key, ts: sqlTimestamp(e.ms) })));
    const out = join(scratch(), 'tumble-out');
    await clearSinkFolder(out);

    const result = await flink().runSql(
      `
      CREATE TABLE events (
        key STRING,
        ts TIMESTAMP(3),
        WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
      ) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');
      CREATE TABLE counts (key STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), cnt BIGINT)
        WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');
      INSERT INTO counts
      SELECT key, window_start, window_end, COUNT(*) AS cnt
      FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
      GROUP BY key, window_start, window_end;
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.jobs.map((j) => j.status)).toEqual(['FINISHED']);

    const expected = new Map<string, number>();
    for (const e of events) {
      const start = Math.floor(e.ms / 60_000) * 60_000;
      const id = `${e.key}|${start}`;
      expected.set(id, (expected.get(id) ?? 0) + 1);
    }
    const expectedRows = [...expected].map(([id, cnt]) => {
      const [key, start] = id.split('|') as [string, string];
      return { key, window_start: Number(start), window_end: Number(start) + 60_000, cnt };
    });
    // Flink writes TIMESTAMP(3) as 'yyyy-MM-dd HH:mm:ss[.fff]' (no zone): read it as UTC.
    const epoch = (value: unknown): number => Date.parse(`${String(value).replace(' ', 'T')}Z`);
    const actual = (await readSinkRows(out)).map((r) => ({ key: r.key, window_start: epoch(r.window_start), window_end: epoch(r.window_end), cnt: r.cnt }));
    expect(actual.length).toBeGreaterThan(200);
    expect(canonicalRows(actual)).toEqual(canonicalRows(expectedRows));
  });

  it('applies SET lines and runs EXECUTE STATEMENT SET with two sinks as one job', async () => {
    const rows = Array.from({ length: 50 }, (_, n) => ({ n, label: `row ${n}` }));
    const input = writeJsonl('set-in.jsonl', rows);
    const evens = join(scratch(), 'evens');
    const odds = join(scratch(), 'odds');
    const result = await flink().runSql(
      `
      -- options for this session only
      SET 'pipeline.name' = 'split-by-parity';
      SET 'table.exec.source.idle-timeout' = '1 s';
      /* a block comment; the client skips it */
      CREATE TABLE src (n INT, label STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');
      CREATE TEMPORARY VIEW labelled AS SELECT n, UPPER(label) AS label FROM src;
      CREATE TABLE evens (n INT, label STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(evens)}, 'format' = 'json');
      CREATE TABLE odds (n INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(odds)}, 'format' = 'json');
      EXECUTE STATEMENT SET
      BEGIN
        INSERT INTO evens SELECT n, label FROM labelled WHERE MOD(n, 2) = 0;
        INSERT INTO odds SELECT n FROM labelled WHERE MOD(n, 2) = 1;
      END;
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(result.error).toBeUndefined();
    expect(result.jobs).toHaveLength(1);
    expect(result.jobs[0]).toMatchObject({ name: 'split-by-parity', status: 'FINISHED' });
    const expectedEvens = rows.filter((r) => r.n % 2 === 0).map((r) => ({ n: r.n, label: r.label.toUpperCase() }));
    const expectedOdds = rows.filter((r) => r.n % 2 === 1).map((r) => ({ n: r.n }));
    expect(canonicalRows(await readSinkRows(evens))).toEqual(canonicalRows(expectedEvens));
    expect(canonicalRows(await readSinkRows(odds))).toEqual(canonicalRows(expectedOdds));
  });

  it("answers ok:false with Flink's message for a syntax error and a missing column, then keeps serving", async () => {
    const syntax = await flink().runSql(`CREATE TABLE broken (a INT WITH ('connector' = 'blackhole');`);
    expect(syntax.ok).toBe(false);
    expect(syntax.jobs).toEqual([]);
    expect(syntax.error).toMatch(/^Could not execute SQL statement\./);
    expect(syntax.error).toContain('SQL parse failed');

    const input = writeJsonl('missing-column.jsonl', [{ a: 1 }]);
    const missing = await flink().runSql(`
      CREATE TABLE src (a INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');
      CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');
      INSERT INTO snk SELECT nope FROM src;
    `);
    expect(missing.ok).toBe(false);
    expect(missing.error).toContain("Column 'nope' not found in any table");
    expect(missing.error).toMatch(/line 1, column \d+/);
    // The two CREATE TABLE statements before it succeeded, as the client's transcript shows.
    expect(missing.output.match(/\[INFO\] Execute statement succeeded\./g)).toHaveLength(2);

    // Each request is a fresh session: `src` from the previous script is gone.
    const fresh = await flink().runSql(`CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO snk SELECT a FROM src;`);
    expect(fresh.ok).toBe(false);
    expect(fresh.error).toMatch(/Object 'src' not found/);

    // The SQL client ends a statement at a ';' that ends a line: two on one line are one
    // statement to it, and it refuses that (exporters must write one statement per line end).
    const oneLine = await flink().runSql(`CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole'); INSERT INTO snk VALUES (1);`);
    expect(oneLine.ok).toBe(false);
    expect(oneLine.error).toContain('only single statement supported');

    const after = await flink().runSql(`CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO snk VALUES (1), (2);`);
    expect(after.error).toBeUndefined();
    expect(after.jobs.map((j) => j.status)).toEqual(['FINISHED']);
  });

  it('leaves no sink folder for a job that emits no rows, and refuses updates into a filesystem sink', async () => {
    const input = writeJsonl('few.jsonl', [{ k: 'a' }, { k: 'b' }, { k: 'a' }]);
    const out = join(scratch(), 'nothing-out');
    const source = `CREATE TABLE src (k STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');`;
    const empty = await flink().runSql(
      `${source}\nCREATE TABLE snk (k STRING) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');\nINSERT INTO snk SELECT k FROM src WHERE k = 'zzz';\n`,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(empty.jobs.map((j) => j.status)).toEqual(['FINISHED']);
    expect((await listSinkFiles(out)).exists).toBe(false);

    // A non-windowed GROUP BY emits updates (-U/+U); the filesystem sink is append-only.
    const updating = await flink().runSql(
      `${source}\nCREATE TABLE counts (k STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');\nINSERT INTO counts SELECT k, COUNT(*) FROM src GROUP BY k;\n`,
    );
    expect(updating.ok).toBe(false);
    expect(updating.jobs).toEqual([]);
    expect(updating.error).toContain("doesn't support consuming update changes");
  });

  it('fails (does not restart forever) a job whose input does not fit the schema, with checkpointing on', async () => {
    const input = join(scratch(), 'bad-row.jsonl');
    writeFileSync(input, '{"n": 1}\n{"n": "not a number"}\n{"n": 3}\n');
    const result = await flink().runSql(
      `
      SET 'execution.checkpointing.interval' = '1 s';
      CREATE TABLE src (n INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');
      CREATE TABLE snk (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO snk SELECT n FROM src;
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBeUndefined();
    expect(result.jobs.map((j) => j.status)).toEqual(['FAILED']);
    expect(result.error).toContain('not a number');
    expect(result.jobs[0]?.error).toContain('NoRestartBackoffTimeStrategy');
  });

  it("uses the script's restart strategy when it SETs one", async () => {
    const input = join(scratch(), 'bad-row-restarts.jsonl');
    writeFileSync(input, '{"n": "not a number"}\n');
    const result = await flink().runSql(
      `
      SET 'execution.checkpointing.interval' = '1 s';
      SET 'restart-strategy.type' = 'fixed-delay';
      SET 'restart-strategy.fixed-delay.attempts' = '2';
      SET 'restart-strategy.fixed-delay.delay' = '100 ms';
      CREATE TABLE src (n INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');
      CREATE TABLE snk (n INT) WITH ('connector' = 'blackhole');
      INSERT INTO snk SELECT n FROM src;
      `,
      { timeoutMs: JOB_TIMEOUT_MS },
    );
    expect(result.jobs.map((j) => j.status)).toEqual(['FAILED']);
    expect(result.jobs[0]?.error).toMatch(/FixedDelayRestartBackoffTimeStrategy\(maxNumberRestartAttempts=2/);
  });

  it('cancels a job that outlives its timeout and reports it; the cluster agrees it was cancelled', async () => {
    const result = await flink().runSql(
      `
      CREATE TABLE endless (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50');
      CREATE TABLE snk (n BIGINT) WITH ('connector' = 'blackhole');
      INSERT INTO snk SELECT n FROM endless;
      `,
      { timeoutMs: 3_000 },
    );
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.error).toMatch(/^Timed out after 3000 ms/);
    expect(result.jobs).toHaveLength(1);
    expect(result.jobs[0]?.status).toBe('CANCELED');

    // Flink's own REST API (the same cluster) says so too.
    const response = await fetch(`${flink().restUrl}/jobs/${result.jobs[0]?.jobId}`);
    const job = (await response.json()) as { state: string };
    expect(job.state).toBe('CANCELED');

    const next = await flink().runSql(`CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO snk VALUES (1);`);
    expect(next.error).toBeUndefined();
  });
});

// The runner's life outside a test's happy path: the one-shot `--file` mode the CLI uses, and
// the watchdog that kills the JVM when the Node process that started it dies without stopping
// it (which also leaves a real Flink sink folder holding only in-progress files).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFlinkSqlFile } from '../../engine/flink/flink-runner.ts';
import { listSinkFiles, readSinkRows } from '../../engine/flink/sink-files.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, canonicalRows, sqlString, useScratchDir } from './flink-helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/runner-child.ts', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every 200 ms; @throws after `ms` (generous: this is not a timing test). */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!availability.ok)('Flink runner lifecycle (real Apache Flink)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const scratch = useScratchDir();

  it('runs a job.sql file once in --file mode', async () => {
    const input = join(scratch(), 'in.jsonl');
    const rows = [{ city: 'Lyon', n: 3 }, { city: 'Oslo', n: 5 }, { city: 'Lima', n: 8 }];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(scratch(), 'one-shot-out');
    const file = join(scratch(), 'job.sql');
    writeFileSync(
      file,
      [
        "SET 'pipeline.name' = 'one-shot';",
        `CREATE TABLE src (city STRING, n INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'json');`,
        `CREATE TABLE snk (city STRING, doubled INT) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json');`,
        'INSERT INTO snk SELECT city, n * 2 FROM src WHERE n > 3;',
        '',
      ].join('\n'),
    );
    const result = await runFlinkSqlFile(file, { timeoutMs: 120_000 });
    expect(result.error).toBeUndefined();
    expect(result.jobs).toMatchObject([{ name: 'one-shot', status: 'FINISHED' }]);
    const expected = rows.filter((r) => r.n > 3).map((r) => ({ city: r.city, doubled: r.n * 2 }));
    expect(canonicalRows(await readSinkRows(out))).toEqual(canonicalRows(expected));
  });

  it('kills the JVM when the Node process that started it is SIGKILLed (runner at parallelism 2)', async () => {
    const sink = join(scratch(), 'endless-out');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, sink, '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
      const { pid } = JSON.parse(String(first.value)) as { pid: number };
      expect(alive(pid)).toBe(true);
      // Wait until both sink subtasks are writing (Flink names parts `.part-<uuid>-<subtask>-<n>…`),
      // so there is something in progress to leave behind, and parallelism 2 is real.
      const subtasks = async (): Promise<Set<string>> =>
        new Set((await listSinkFiles(sink)).inProgress.map((file) => /\.part-[0-9a-f-]{36}-(\d+)-\d+\.inprogress/.exec(file)?.[1] ?? '?'));
      await waitFor('in-progress part files of subtasks 0 and 1', async () => (await subtasks()).size >= 2, 120_000);
      expect([...(await subtasks())].sort()).toEqual(['0', '1']);

      child.kill('SIGKILL');
      await waitFor(`JVM ${pid} to die`, () => !alive(pid), 60_000);
    } finally {
      child.kill('SIGKILL');
    }
    // Without checkpoints nothing was committed: the reader says so instead of returning rows.
    const listing = await listSinkFiles(sink);
    expect(listing.finished).toEqual([]);
    await expect(readSinkRows(sink)).rejects.toThrow(/no finished part file: the job did not finalize its output/);
    expect(existsSync(sink)).toBe(true);
  });
});

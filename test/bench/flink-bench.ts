/**
 * Flink runner figures for `npm run bench` (engine/flink/): time from spawning the JVM to a
 * started local cluster (3 starts), the first job of a runner (it loads the SQL planner) and
 * the median of later trivial jobs (per-job overhead: session, planning, submission, job
 * start/finish), a 20 k-row JSON file through a TUMBLE window, and the JVM's resident memory.
 * Skipped, with the reason, when Java or Maven is missing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearSinkFolder } from '../../engine/flink/sink-files.ts';
import { flinkAvailability, ensureFlinkRunner, startFlinkRunner, type FlinkRunner } from '../../engine/flink/flink-runner.ts';
import { tempDir } from '../cli/run-cli.ts';

const TRIVIAL = `CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO snk VALUES (1), (2), (3);\n`;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** VmRSS and VmHWM (peak) of a process in MiB, from /proc (Linux only). */
function memoryMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

async function timedStart(): Promise<{ runner: FlinkRunner; wallMs: number }> {
  const started = Date.now();
  const runner = await startFlinkRunner();
  return { runner, wallMs: Date.now() - started };
}

async function mustRun(runner: FlinkRunner, script: string): Promise<number> {
  const result = await runner.runSql(script, { timeoutMs: 300_000 });
  if (!result.ok) throw new Error(`bench job failed: ${result.error}`);
  return result.durationMs;
}

export async function flinkBench(): Promise<void> {
  const available = flinkAvailability();
  if (!available.ok) {
    console.log(`flink runner\n  skipped: ${available.reason}`);
    return;
  }
  await ensureFlinkRunner();
  const dir = tempDir('tributary-flink-bench-');
  const starts: number[] = [];
  const jvmStarts: number[] = [];
  for (let i = 0; i < 2; i++) {
    const { runner, wallMs } = await timedStart();
    starts.push(wallMs);
    jvmStarts.push(runner.startupMs);
    await runner.stop();
  }
  const { runner, wallMs } = await timedStart();
  starts.push(wallMs);
  jvmStarts.push(runner.startupMs);
  try {
    const first = await mustRun(runner, TRIVIAL);
    const later: number[] = [];
    for (let i = 0; i < 10; i++) later.push(await mustRun(runner, TRIVIAL));

    const input = join(dir, 'events.jsonl');
    const base = Date.UTC(2024, 0, 1);
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ key: `k${i % 50}`, ts: new Date(base + i * 500).toISOString().replace('T', ' ').replace('Z', '') }));
    writeFileSync(input, lines.join('\n') + '\n');
    const out = join(dir, 'windows');
    const windowRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      await clearSinkFolder(out);
      windowRuns.push(
        await mustRun(
          runner,
          `CREATE TABLE ev (key STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'filesystem', 'path' = '${input}', 'format' = 'json');
CREATE TABLE snk (key STRING, window_start TIMESTAMP(3), cnt BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'json');
INSERT INTO snk SELECT key, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY key, window_start, window_end;
`,
        ),
      );
    }
    const memory = memoryMb(runner.pid);
    console.log(
      `flink runner (Flink ${runner.flinkVersion}, MiniCluster parallelism 1, -Xmx1g)\n` +
        `  start to ready: ${starts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (cluster start inside the JVM: ${jvmStarts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')})\n` +
        `  first job: ${first} ms | later trivial jobs: median ${median(later)} ms (min ${Math.min(...later)}, max ${Math.max(...later)})\n` +
        `  20 k-row JSONL → 1 min TUMBLE → JSON sink: ${windowRuns.map((ms) => `${ms} ms`).join(', ')}` +
        (memory ? `\n  JVM resident memory after ${13 + windowRuns.length} jobs: ${memory.rss.toFixed(0)} MiB (peak ${memory.peak.toFixed(0)} MiB)` : ''),
    );
  } finally {
    await runner.stop();
    await clearSinkFolder(dir);
  }
}

/**
 * Nexmark figures for `npm run bench`: each query of examples/nexmark on Tributary (one child
 * process per run, `nexmark-cases.ts`), in events per CPU-second. With `--vs-flink` (and Java),
 * the reference queries run on real Apache Flink too (engine/flink runner, MiniCluster at
 * parallelism 1, object reuse) over the same generated events written to a JSON-lines file;
 * Flink's CPU is the JVM's (utime + stime from /proc) over the job, with the median CPU of a
 * trivial job (session, planning, submission) shown and subtracted as "net". Runs alternate
 * Tributary/Flink per query, repeated `NEXMARK_BENCH_REPS` times (default 3); both are pinned
 * to one core with `taskset` when it exists. Events: `NEXMARK_BENCH_EVENTS` (default 300 000).
 *
 * Not like for like, and printed as such: Tributary generates its events in-process, Flink
 * parses them from JSON (the reference's `nexmark` connector is not on Maven Central).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NexmarkModel, type NexmarkEvent } from '../../engine/nodes/nexmark/model.ts';
import { nexmarkParams } from '../../engine/nodes/nexmark/operator.ts';
import { NexmarkConfig } from '../../engine/nodes/nexmark/spec.ts';
import { flinkAvailability, ensureFlinkRunner, startFlinkRunner, type FlinkRunner } from '../../engine/flink/flink-runner.ts';
import { tempDir } from '../cli/run-cli.ts';
import type { CaseResult } from './cases.ts';
import { NEXMARK_QUERIES } from './nexmark-cases.ts';
import { flinkLine, nexmarkDdl, NEXMARK_SQL } from './nexmark-sql.ts';

const caseScript = fileURLToPath(new URL('./case.ts', import.meta.url));
const fmt = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const CORE = '0';

function tributary(q: string, events: number): CaseResult {
  const args = ['--import', 'tsx', caseScript, 'nexmark', q, String(events)];
  const out = hasTaskset ? execFileSync('taskset', ['-c', CORE, process.execPath, ...args], { encoding: 'utf8' }) : execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseResult;
}

/** CPU seconds (user + system, all threads) and peak RSS (MiB) of a process, from /proc. */
function procCpu(pid: number): { cpu: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpu: ticks / 100, peakMb: Number(hwm ?? NaN) / 1024 };
}

async function flinkCpu(runner: FlinkRunner, script: string): Promise<number> {
  const before = procCpu(runner.pid).cpu;
  const result = await runner.runSql(script, { timeoutMs: 600_000 });
  if (!result.ok) throw new Error(`Flink job failed: ${result.error}`);
  return procCpu(runner.pid).cpu - before;
}

async function writeEvents(path: string, events: number): Promise<void> {
  const model = new NexmarkModel(nexmarkParams(NexmarkConfig.parse({ events }), 'bench'));
  const out = createWriteStream(path);
  let chunk: string[] = [];
  while (model.eventsSoFar < events) {
    chunk.push(flinkLine(model.next() as NexmarkEvent));
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  out.end(chunk.length > 0 ? chunk.join('\n') + '\n' : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/** Prints the Nexmark figures; `vsFlink` adds the Flink side when Java is available. */
export async function nexmarkBench(options: { vsFlink: boolean }): Promise<void> {
  const events = Number(process.env.NEXMARK_BENCH_EVENTS ?? 300_000);
  const reps = Math.max(1, Number(process.env.NEXMARK_BENCH_REPS ?? (options.vsFlink ? 3 : 1)));
  const available = options.vsFlink ? flinkAvailability() : { ok: false as const, reason: 'run `npm run bench -- --vs-flink` for the Flink side' };
  console.log(`nexmark: ${fmt(events)} events per run, ${reps} run(s) per query${hasTaskset ? `, pinned to core ${CORE}` : ''}`);
  if (!available.ok) console.log(`  Flink side skipped: ${available.reason}`);
  let runner: FlinkRunner | undefined;
  const dir = tempDir('tributary-nexmark-bench-');
  const file = join(dir, 'events.jsonl');
  let trivial = 0;
  try {
    if (available.ok) {
      await ensureFlinkRunner();
      process.stderr.write('bench: writing Nexmark events for Flink…\n');
      await writeEvents(file, events);
      runner = await startFlinkRunner();
      if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', CORE, String(runner.pid)]);
      const trivialRuns: number[] = [];
      for (let i = 0; i < 3; i++) trivialRuns.push(await flinkCpu(runner, `CREATE TABLE t (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO t VALUES (1);\n`));
      trivial = median(trivialRuns);
      console.log(`  Flink ${runner.flinkVersion}: a trivial job costs ${trivial.toFixed(2)} CPU-s (median of 3), subtracted in "net"`);
    }
    for (const q of NEXMARK_QUERIES) {
      const ours: CaseResult[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < reps; i++) {
        process.stderr.write(`bench: nexmark ${q} run ${i + 1}/${reps}…\n`);
        ours.push(tributary(q, events));
        if (runner) theirs.push(await flinkCpu(runner, nexmarkDdl(file) + (NEXMARK_SQL[q] as string)));
      }
      const oursCpu = median(ours.map((r) => Number(r.extra?.cpuSeconds)));
      const peak = Math.max(...ours.map((r) => r.peakRssMb));
      let line = `nexmark ${q}: Tributary ${fmt(events / oursCpu)} ev/CPU-s (${oursCpu.toFixed(2)} CPU-s, peak RSS ${fmt(peak)} MiB)`;
      if (runner) {
        const flinkCpuS = median(theirs);
        const net = Math.max(flinkCpuS - trivial, 0.001);
        line += ` | Flink ${fmt(events / flinkCpuS)} ev/CPU-s (${flinkCpuS.toFixed(2)} CPU-s), net ${fmt(events / net)} | Tributary/Flink ${(flinkCpuS / oursCpu).toFixed(2)}× (net ${(net / oursCpu).toFixed(2)}×)`;
      }
      console.log(line);
    }
    if (runner) console.log(`  Flink JVM peak RSS over all jobs: ${fmt(procCpu(runner.pid).peakMb)} MiB (one JVM for every query)`);
  } finally {
    await runner?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

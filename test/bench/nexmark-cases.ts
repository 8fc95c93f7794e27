/**
 * Nexmark benchmark case (one query per child process): runs `examples/nexmark/<q>` on the
 * real engine with its source set to `events` events and its file sink swapped for a preview
 * sink (the reference queries write to Flink's `blackhole`), and measures the process's CPU
 * time (`process.cpuUsage`, all threads) over the run: events per CPU-second counts every
 * generated event (people, auctions and bids), as the reference's throughput does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { REPO, type CaseResult } from './cases.ts';

/** The queries of examples/nexmark, in the reference's numbering. */
export const NEXMARK_QUERIES = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q8', 'q11', 'q12'] as const;

interface DocNode {
  id: string;
  type: string;
  config?: Record<string, unknown>;
}

/** Runs query `q` over `events` Nexmark events. @throws Error when the run does not finish. */
export async function nexmarkQuery(q: string, events: number): Promise<CaseResult> {
  const dir = join(REPO, 'examples', 'nexmark');
  const doc = JSON.parse(readFileSync(join(dir, `${q}.pipeline.json`), 'utf8')) as { nodes: DocNode[] };
  for (const n of doc.nodes) {
    if (n.type === 'nexmark') n.config = { ...n.config, events };
    if (n.type === 'fileSink') {
      n.type = 'previewSink';
      n.config = {};
    }
  }
  const validated = validatePipeline(doc);
  if (!validated.ok) throw new Error(`nexmark ${q}: ${JSON.stringify(validated.problems)}`);
  const job = createJob(validated.pipeline, { baseDir: dir });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const result = await job.run();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (result.status !== 'finished') throw new Error(`nexmark ${q}: run ${result.status}`);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    name: `nexmark ${q}`,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    extra: { cpuSeconds, eventsPerCpuSecond: events / cpuSeconds },
  };
}

/**
 * Benchmark cases: each builds a pipeline, runs it in-process on the real engine and returns
 * figures. `run.ts` runs every case in its own child process so peak RSS is per case.
 *
 * Per-event time is measured without touching the hot path: sources yield to the clock between
 * chunks, so a clock wrapper timestamps chunk boundaries; chunk time / records in the chunk is
 * one sample, and p50/p99 are over those samples.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { systemClock, type Clock } from '../../engine/runtime/clock.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { type Job } from '../../engine/runtime/job.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CaseResult {
  name: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Micros?: number;
  p99Micros?: number;
  peakRssMb: number;
  note?: string;
  extra?: Record<string, number | string>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Runs a pipeline document and measures it; `countNode` is the node whose `in` counts events. */
export async function measure(name: string, document: unknown, baseDir: string, countNode: string): Promise<CaseResult> {
  const result = validatePipeline(document);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  const chunkTimes: number[] = [];
  let last = 0;
  let lastCount = 0;
  const running: { job?: Job } = {};
  const clock: Clock = {
    now: systemClock.now,
    epochMillis: systemClock.epochMillis,
    sleep: systemClock.sleep,
    yield: () => {
      const now = performance.now();
      const count = running.job?.metrics().find((n) => n.nodeId === countNode)?.in ?? 0;
      if (last > 0 && count > lastCount)
        chunkTimes.push(((now - last) * 1000) / (count - lastCount));
      const resume = systemClock.yield();
      return resume.then(() => {
        last = performance.now();
        lastCount = running.job?.metrics().find((n) => n.nodeId === countNode)?.in ?? 0;
      });
    },
  };
  const job = createJob(result.pipeline, { baseDir, clock });
  running.job = job;
  const start = performance.now();
  const run = await job.run();
  const seconds = (performance.now() - start) / 1000;
  const events = run.nodes.find((n) => n.nodeId === countNode)?.in ?? 0;
  chunkTimes.sort((a, b) => a - b);
  return {
    name,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50Micros: percentile(chunkTimes, 0.5),
    p99Micros: percentile(chunkTimes, 0.99),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export const generator = (count: number, keys: number) => ({
  id: 'source',
  type: 'generator',
  config: { count, keys, step: 10, watermarks: { maxOutOfOrderness: 0 } },
});
export const preview = { id: 'sink', type: 'previewSink', config: { limit: 10 } };

/** The stateless chain's document: generator → map → filter → preview sink. */
export function statelessDocument(count: number): unknown {
  return {
    version: 1,
    name: 'bench-stateless',
    nodes: [
      generator(count, 1000),
      {
        id: 'double',
        type: 'map',
        code: '({ key: event.key, value: event.value, ts: event.ts, double: event.value * 2 })',
      },
      { id: 'even', type: 'filter', code: 'event.value % 2 === 0' },
      preview,
    ],
    edges: [
      { id: 'a', source: 'source', target: 'double' },
      { id: 'b', source: 'double', target: 'even' },
      { id: 'c', source: 'even', target: 'sink' },
    ],
  };
}

/** In-memory source → map → filter → sink: the stateless per-record path. */
export function statelessChain(count = 5_000_000): Promise<CaseResult> {
  return measure(
    'stateless chain: generator → map → filter → sink',
    statelessDocument(count),
    REPO,
    'double',
  );
}

/** In-memory source → keyed 1-minute tumbling window (count, avg) → sink. */
export function tumblingWindow(count = 3_000_000): Promise<CaseResult> {
  return measure(
    'tumbling window: generator → 1 min window per key (count, avg) → sink',
    windowDocument(count),
    REPO,
    'window',
  );
}

/** The keyed tumbling window's document: generator → 1 min window per key (count, avg) → sink. */
export function windowDocument(count: number): unknown {
  return {
    version: 1,
    name: 'bench-window',
    nodes: [
      generator(count, 1000),
      {
        id: 'window',
        type: 'tumblingWindow',
        config: {
          key: { fields: ['key'] },
          size: '1m',
          aggregates: [
            { name: 'n', fn: 'count' },
            { name: 'avg', fn: 'avg', field: 'value' },
          ],
        },
      },
      preview,
    ],
    edges: [
      { id: 'a', source: 'source', target: 'window' },
      { id: 'b', source: 'window', target: 'sink' },
    ],
  };
}

/** Writes the flights repeated `times` times, each copy shifted 90 days later, as JSONL. */
export async function repeatedFlights(times: number): Promise<{ path: string; lines: number }> {
  const lines = readFileSync(join(REPO, 'examples/data/flights-20k.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const flights = lines.map((l) => JSON.parse(l) as { date: string });
  const dir = await mkdtemp(join(tmpdir(), 'tributary-bench-'));
  const path = join(dir, `flights-${times * flights.length}.jsonl`);
  const file = await open(path, 'w');
  for (let copy = 0; copy < times; copy++) {
    const shift = copy * 90 * 86_400_000;
    const text = flights
      .map((f) => {
        const d = new Date(
          Date.parse(f.date.replace(/\//g, '-').replace(' ', 'T') + ':00Z') + shift,
        );
        const date = d.toISOString().slice(0, 16).replace(/-/g, '/').replace('T', ' ');
        return JSON.stringify({ ...f, date });
      })
      .join('\n');
    await file.write(text + '\n');
  }
  await file.close();
  return { path, lines: times * flights.length };
}

/** The delays-by-origin example over a large repeated flights file, at max speed. */
export async function delaysByOrigin(path: string): Promise<CaseResult> {
  const doc = JSON.parse(
    readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), 'utf8'),
  ) as {
    nodes: { id: string; type: string; config: Record<string, unknown> }[];
  };
  for (const n of doc.nodes) {
    if (n.id === 'flights') n.config.path = path;
    if (n.id === 'hourly') {
      n.type = 'previewSink';
      n.config = { limit: 10 };
    }
  }
  return measure(
    'delays-by-origin over repeated flights (JSONL, --speed max)',
    doc,
    REPO,
    'flights',
  );
}

/** JSONL replay alone (file source, timestamps, watermarks), for the ratio to the baseline. */
export function jsonlReplay(path: string): Promise<CaseResult> {
  return fileReplay('JSONL replay: file source alone (parse, event time, watermarks)', path);
}

/** The file source alone over `path`, in whatever format it has (the Parquet case uses it too). */
export function fileReplay(label: string, path: string): Promise<CaseResult> {
  return measure(
    label,
    {
      version: 1,
      name: 'bench-replay',
      nodes: [
        {
          id: 'flights',
          type: 'fileSource',
          config: {
            path,
            time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' },
            watermarks: { maxOutOfOrderness: '5m' },
          },
        },
      ],
      edges: [],
    },
    REPO,
    'flights',
  );
}

/** Baseline: read the same file line by line and `JSON.parse` each line in a plain loop. */
export async function jsonParseBaseline(path: string): Promise<CaseResult> {
  const start = performance.now();
  let events = 0;
  let checksum = 0;
  const lines = createInterface({
    input: createReadStream(path, { highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line === '') continue;
    const row = JSON.parse(line) as { delay: number };
    checksum += row.delay;
    events++;
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    name: 'baseline: readline + JSON.parse in a plain loop',
    events,
    seconds,
    eventsPerSecond: events / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    note: `checksum ${checksum}`,
  };
}

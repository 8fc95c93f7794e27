/**
 * One backpressure measurement for `npm run bench`, in its own process so that its RSS is the
 * engine's alone (argv: bootstrap input-topic output-topic client-id [file]): a bounded Kafka
 * source → Kafka sink (at-least-once, client id `client-id`, which the bench throttles with a
 * broker quota: a sink that "sleeps" on every produce), or → file sink when `file` is given
 * (nothing slow). Samples RSS every 100 ms; prints `{ records, seconds, peakRssMb, ... }`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJob } from '../../engine/nodes/create-job.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { REPO } from './cases.ts';

const [bootstrap, input, output, clientId, mode] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const out = mkdtempSync(join(tmpdir(), 'tributary-bench-bp-'));
const sink = mode === 'file' ? { id: 'out', type: 'fileSink' } : { id: 'out', type: 'kafkaSink', config: { brokers: [bootstrap], clientId, topic: output } };
const valid = validatePipeline({
  version: 1,
  name: 'backpressure bench',
  nodes: [{ id: 'src', type: 'kafkaSource', config: { brokers: [bootstrap], topics: [input], stopAtEnd: true, metadataField: '' } }, sink],
  edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'out', targetPort: 'in' }],
});
if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const job = createJob(valid.pipeline, { baseDir: REPO, outDir: out });
const result = await job.run();
clearInterval(sampler);
rmSync(out, { recursive: true, force: true });
const src = result.nodes.find((n) => n.nodeId === 'src');
const mb = (b: number): number => Math.round(b / 2 ** 20);
process.stdout.write(
  JSON.stringify({ records: result.recordsRead, seconds: result.durationMs / 1000, startRssMb: mb(before), peakRssMb: mb(peak), backpressuredSeconds: (src?.backpressuredMs ?? 0) / 1000 }) + '\n',
);

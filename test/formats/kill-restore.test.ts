/**
 * Exactly-once replay of Parquet, Avro, gzip and zstd files across SIGKILL: `tributary run`
 * with checkpoints is killed three times per format, each time a moment after one of its
 * checkpoints completed, and restarted from its checkpoints; the windows it writes are
 * byte-identical to a run that never failed. Positions restore exactly: (row group, row) for
 * Parquet, (block offset, record) for Avro, the decompressed byte offset and line for gzip and
 * zstd (reached by re-reading and skipping).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { seeded, startRun } from '../checkpoint/spawn-run.ts';
import { python, useFormatFixtures } from './fixtures.ts';

const fixtures = useFormatFixtures();
const KILLS = 3;

function writePipeline(data: string): string {
  const dir = tempDir('tributary-formats-kill-');
  const pipeline = join(dir, 'delays.pipeline.json');
  writeFileSync(
    pipeline,
    JSON.stringify({
      version: 1,
      name: 'delays by origin',
      nodes: [
        { id: 'flights', type: 'fileSource', config: { path: data, time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, watermarks: { maxOutOfOrderness: '5m' } } },
        { id: 'delayed', type: 'filter', config: {}, code: 'event.delay > 0' },
        { id: 'by_origin', type: 'keyBy', config: { key: { fields: ['origin'] } } },
        { id: 'per_hour', type: 'tumblingWindow', config: { size: '1h', aggregates: [{ name: 'flights', fn: 'count' }, { name: 'avg_delay', fn: 'avg', field: 'delay' }] } },
        { id: 'hourly', type: 'fileSink', config: { path: 'hourly.jsonl' } },
      ],
      edges: [
        { id: 'e1', source: 'flights', sourcePort: 'out', target: 'delayed', targetPort: 'in' },
        { id: 'e2', source: 'delayed', sourcePort: 'out', target: 'by_origin', targetPort: 'in' },
        { id: 'e3', source: 'by_origin', sourcePort: 'out', target: 'per_hour', targetPort: 'in' },
        { id: 'e4', source: 'per_hour', sourcePort: 'out', target: 'hourly', targetPort: 'in' },
      ],
    }),
  );
  return pipeline;
}

describe.skipIf(!python.ok)('kill -9 and restore on every binary and compressed format', () => {
  for (const file of ['flights.parquet', 'flights.avro', 'flights.jsonl.gz', 'flights.jsonl.zst']) {
    it(`${file}: byte-identical windows after ${KILLS} SIGKILLs`, async () => {
      const pipeline = writePipeline(join(fixtures(), file));
      const reference = tempDir();
      const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
      expect(clean.status, clean.stderr).toBe(0);

      const out = tempDir();
      const checkpoints = tempDir();
      const random = seeded(22);
      const args = [pipeline, '--out', out, '--checkpoint-dir', checkpoints, '--checkpoint-interval', '300'];
      let restores = 0;
      for (let kills = 0; kills < KILLS; ) {
        // Paced: 90 days of flights at 40,000× take about 195 s, so no killed run can reach the
        // end however fast the machine (each lives one checkpoint plus at most 450 ms).
        const run = startRun([...args, '--speed', '40000']);
        const after = Math.round(50 + random() * 400);
        let timer: NodeJS.Timeout | undefined;
        const watch = setInterval(() => {
          if (!/checkpoint \d+ complete/.test(run.stderr())) return;
          clearInterval(watch);
          timer = setTimeout(() => run.child.kill('SIGKILL'), after);
        }, 10);
        const result = await run.done;
        clearInterval(watch);
        clearTimeout(timer);
        expect(result.signal, result.stderr).toBe('SIGKILL');
        kills++;
        if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
      }
      const last = startRun(args);
      const result = await last.done;
      expect(result.code, result.stderr).toBe(0);
      if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
      expect(restores, 'runs that restored a checkpoint').toBe(KILLS);
      const expected = readFileSync(join(reference, 'hourly.jsonl'));
      const actual = readFileSync(join(out, 'hourly.jsonl'));
      expect(actual.equals(expected), 'hourly.jsonl differs from the failure-free run').toBe(true);
    }, 300_000);
  }
});

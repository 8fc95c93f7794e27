/**
 * An exported job under failure and operations: killed with SIGKILL mid-run and restarted with
 * the same checkpoint dir, or stopped with SIGTERM (savepoint) and resumed from the savepoint,
 * it ends with sink output byte-identical to `tributary run`; `--metrics-port` answers with
 * per-node counters while it runs. The interrupted runs replay at 2,000,000× event time
 * (about 4 s for the three months of flights); restarts run at full speed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { EXAMPLES, exportAndInstall, paramsFor, startJob, type ExportedBundle } from './bundle-fixture.ts';

const PIPELINE = join(EXAMPLES, 'delays-by-origin.pipeline.json');
const PACED = ['--speed', '2000000', '--checkpoint-interval', '100', '--no-progress'];

let bundle: ExportedBundle;
let reference: Buffer;

beforeAll(() => {
  const ref = tempDir();
  const r = tributary(['run', PIPELINE, '--out', ref, '--no-progress']);
  expect(r.status, r.stderr).toBe(0);
  reference = readFileSync(join(ref, 'hourly.jsonl'));
  bundle = exportAndInstall(PIPELINE);
});

describe('an exported job', () => {
  it('restarted after SIGKILL with the same checkpoint dir writes what a failure-free run writes', async () => {
    const out = tempDir();
    const checkpoints = tempDir();
    const args = [...paramsFor(PIPELINE, out), '--checkpoint-dir', checkpoints];
    for (let kill = 0; kill < 2; kill++) {
      const run = startJob(bundle.dir, [...args, ...PACED]);
      await run.waitFor(new RegExp(`checkpoint ${kill * 3 + 3} complete`));
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
      if (kill > 0) expect(killed.stderr).toMatch(/restoring checkpoint \d+/);
    }
    expect(readFileSync(join(out, 'hourly.jsonl')).length).toBeLessThan(reference.length);
    const restarted = await startJob(bundle.dir, [...args, '--no-progress']).done;
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stderr).toMatch(/restoring checkpoint \d+/);
    expect(readFileSync(join(out, 'hourly.jsonl')).equals(reference), 'hourly.jsonl differs from the failure-free run').toBe(true);
  }, 120_000);

  it('takes a savepoint on SIGTERM, exits 0, and a second run restores it', async () => {
    const out = tempDir();
    const checkpoints = tempDir();
    const args = [...paramsFor(PIPELINE, out), '--checkpoint-dir', checkpoints];
    const run = startJob(bundle.dir, [...args, ...PACED]);
    await run.waitFor(/checkpoint 2 complete/);
    run.child.kill('SIGTERM');
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/stopped: [\d,]+ records read/);
    const savepoint = /savepoint written: (.+)/.exec(stopped.stderr)?.[1] ?? '';
    expect(savepoint.startsWith(join(checkpoints, 'savepoints', 'savepoint-'))).toBe(true);
    expect(existsSync(join(savepoint, 'savepoint.json'))).toBe(true);

    const resumed = await startJob(bundle.dir, [...args, '--restore', savepoint, '--no-progress']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/restoring savepoint "savepoint-/);
    expect(resumed.stderr).toMatch(/finished: 20,000 records read/);
    expect(readFileSync(join(out, 'hourly.jsonl')).equals(reference), 'hourly.jsonl differs from the failure-free run').toBe(true);
  }, 120_000);

  it('serves Prometheus metrics with the node counters while it runs', async () => {
    const out = tempDir();
    const run = startJob(bundle.dir, [...paramsFor(PIPELINE, out), '--checkpoint-dir', tempDir(), '--metrics-port', '0', ...PACED]);
    const port = (await run.waitFor(/metrics: http:\/\/127\.0\.0\.1:(\d+)\/metrics/))[1];
    // past the first periodic watermark (200 ms) and a checkpoint
    await run.waitFor(/checkpoint 3 complete/);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    const text = await res.text();
    run.child.kill('SIGKILL');
    await run.done;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const read = Number(/^tributary_node_records_in_total\{node="flights",type="fileSource"\} (\d+)$/m.exec(text)?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(20_000);
    for (const node of ['flights', 'delayed', 'by_origin', 'per_hour', 'hourly']) expect(text).toContain(`tributary_node_records_out_total{node="${node}"`);
    expect(text).toMatch(/^# TYPE tributary_node_records_in_total counter$/m);
    expect(text).toMatch(/^tributary_node_output_watermark_milliseconds\{node="flights",type="fileSource"\} \d+$/m);
    expect(text).toMatch(/^tributary_checkpoint_last_duration_milliseconds \d/m);
    expect(text).toMatch(/^tributary_checkpoint_last_size_bytes \d+$/m);
    expect((await fetch(`http://127.0.0.1:${port}/nope`).catch(() => undefined))?.status ?? 404).toBe(404);
  }, 60_000);
});

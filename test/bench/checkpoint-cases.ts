/**
 * Checkpoint benchmark cases: the duration and size of a checkpoint holding N keys (heap and
 * leveldb backends), the time to restore it, and the throughput cost of checkpointing every
 * second. Each case runs on the real engine and a real LevelDB in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import type { CheckpointMetrics } from '../../engine/runtime/checkpoint/snapshot.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import type { ValidPipeline } from '../../engine/pipeline/validate.ts';
import { REPO, type CaseResult } from './cases.ts';

function keyedWindow(keys: number, count: number, backend: 'heap' | 'leveldb'): ValidPipeline {
  const result = validatePipeline({
    version: 1,
    name: `checkpoint bench ${keys} keys`,
    stateBackend: backend,
    settings: { stateCacheEntries: 200_000 },
    nodes: [
      { id: 'source', type: 'generator', config: { count, keys, step: 1, watermarks: { maxOutOfOrderness: 0 } } },
      { id: 'window', type: 'tumblingWindow', config: { key: { fields: ['key'] }, size: '1d', aggregates: [{ name: 'n', fn: 'count' }, { name: 'sum', fn: 'sum', field: 'value' }] } },
      { id: 'sink', type: 'previewSink', config: { limit: 10 } },
    ],
    edges: [
      { id: 'a', source: 'source', target: 'window' },
      { id: 'b', source: 'window', target: 'sink' },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.pipeline;
}

/**
 * Fills `keys` keys into window state, triggers one checkpoint while records keep flowing, then
 * restores it into a new job. Figures: checkpoint duration (barrier to durable commit), bytes,
 * restore time (read, verify, rebuild state).
 */
export async function checkpointSize(keys: number, backend: 'heap' | 'leveldb'): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-cp-'));
  try {
    const pipeline = keyedWindow(keys, keys * 2, backend);
    const store = await CheckpointStore.open(dir);
    const checkpoints: CheckpointMetrics[] = [];
    const job = createJob(pipeline, { baseDir: REPO, checkpoint: { store, intervalMs: 3_600_000 }, onCheckpoint: (m) => checkpoints.push(m) });
    let triggered: Promise<CheckpointMetrics> | undefined;
    const poll = setInterval(() => {
      const window = job.metrics().find((n) => n.nodeId === 'window');
      if (!triggered && window && window.in >= keys) triggered = job.triggerCheckpoint();
    }, 5);
    const start = performance.now();
    await job.run();
    const seconds = (performance.now() - start) / 1000;
    clearInterval(poll);
    const measured = await triggered;
    if (!measured || checkpoints[0]?.id !== measured.id) throw new Error('the triggered checkpoint was not the first one');
    // Restore: load and verify from LevelDB, rebuild every operator's state.
    const restoreStart = performance.now();
    const loaded = await store.load(measured?.id ?? 1);
    const restored = createJob(pipeline, { baseDir: REPO, restore: { checkpointId: measured?.id ?? 1, label: 'bench', parts: loaded.parts } });
    await restored.prepare();
    const restoreMs = performance.now() - restoreStart;
    await store.close();
    return {
      name: `checkpoint of ${keys.toLocaleString('en-US')} keys, ${backend} backend`,
      events: keys * 2,
      seconds,
      eventsPerSecond: (keys * 2) / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      extra: {
        checkpointMs: Math.round(measured?.durationMs ?? NaN),
        checkpointMiB: Number(((measured?.bytes ?? NaN) / 1048576).toFixed(1)),
        keysInCheckpoint: measured?.keys ?? 0,
        restoreMs: Math.round(restoreMs),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Throughput of a keyed window over `keys` keys with checkpoints every `intervalMs` (or none),
 * over 15 M events (about 6 s, so steady-state checkpoints outweigh the final one). Also
 * reports CPU time per event, steadier than wall time on a shared machine.
 */
export async function checkpointOverhead(keys: number, intervalMs: number | undefined): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-cp-'));
  try {
    const count = 15_000_000;
    const pipeline = keyedWindow(keys, count, 'heap');
    const store = intervalMs === undefined ? undefined : await CheckpointStore.open(dir);
    const checkpoints: CheckpointMetrics[] = [];
    const job = createJob(pipeline, { baseDir: REPO, checkpoint: store && intervalMs ? { store, intervalMs } : undefined, onCheckpoint: (m) => checkpoints.push(m) });
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await job.run();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    await store?.close();
    const mid = checkpoints.filter((c) => c.keys > 0);
    return {
      name: `keyed window over ${keys.toLocaleString('en-US')} keys, ${intervalMs ? `checkpoints every ${intervalMs} ms` : 'no checkpoints'}`,
      events: count,
      seconds,
      eventsPerSecond: count / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      extra: {
        cpuNsPerEvent: Math.round(((cpu.user + cpu.system) * 1000) / count),
        ...(intervalMs
          ? { checkpoints: mid.length, avgCheckpointMs: Math.round(mid.reduce((s, c) => s + c.durationMs, 0) / Math.max(1, mid.length)), avgAlignmentMs: Number((mid.reduce((s, c) => s + c.alignmentMs, 0) / Math.max(1, mid.length)).toFixed(2)) }
          : {}),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

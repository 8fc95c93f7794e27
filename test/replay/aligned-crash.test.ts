/**
 * Exactly-once for merged replay after crashes, with real processes and real disk: the issue-25
 * union (an in-order and a shuffled file, 1 h tumbling count per origin with the late output),
 * replayed `aligned` (heap backend) and `drift` 2 h (LevelDB backend), killed with SIGKILL at
 * seeded moments and restarted from its checkpoints each time, ends with window counts and late
 * records byte-identical to a run that never failed. That holds only if each checkpoint keeps
 * every source's head (read, not yet emitted) and, for drift, which source was running: a restore
 * that re-read or skipped a head, or resumed with the other source, would move records across
 * the union's watermark and change which are late.
 *
 * `chunked` is not in this test: it interleaves the sources by whole chunks of what each has
 * read, and a restore starts new chunks at the checkpoint's positions, so the late records of a
 * restored chunked run legitimately differ from an uninterrupted one (README, Replay modes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { seeded as seededKills, startRun } from '../checkpoint/spawn-run.ts';
import { mergeOrder, predict, splitFlights, unionPipeline, writeSplit } from './union-fixture.ts';

const KILLS = 6;
const SEED = Number(process.env.TRIBUTARY_CRASH_SEED ?? 20261203);
const SINKS = ['hourly', 'late'];
const split = splitFlights(2025, 3 * 3_600_000);
/** Three months of flights in about 20 s of replay, so the kills land before the end. */
const SPEED = '400000';

let dir: string;

const MODES = [
  { name: 'aligned', replay: { mode: 'aligned' }, backend: 'heap', driftMs: 0 },
  { name: 'drift 2h', replay: { mode: 'drift', maxAllowedWatermarkDrift: '2h' }, backend: 'leveldb', driftMs: 2 * 3_600_000 },
] as const;

function pipelineFor(name: string, replay: Record<string, unknown>, backend: string, checkpoints: boolean): string {
  const path = join(dir, `${name.replace(/\W+/g, '-')}-${checkpoints ? 'cp' : 'ref'}.pipeline.json`);
  const doc = { ...unionPipeline(replay), stateBackend: backend, ...(checkpoints ? { checkpoint: { intervalMs: 100, retain: 3 } } : {}) };
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

beforeAll(() => {
  dir = tempDir('tributary-aligned-crash-');
  writeSplit(dir, split);
});

describe('merged replay: crash and restore', () => {
  for (const mode of MODES) {
    it(`${mode.name} (${mode.backend} backend): byte-identical windows and late records after ${KILLS} SIGKILLs (seed ${SEED})`, async () => {
      const reference = tempDir();
      const clean = tributary(['run', pipelineFor(mode.name, mode.replay, mode.backend, false), '--out', reference, '--no-progress'], { timeoutMs: 300_000 });
      expect(clean.status, clean.stderr).toBe(0);
      // The failure-free run is itself what the independent merge predicts (not only self-consistent).
      const lateLines = readFileSync(join(reference, 'late.jsonl'), 'utf8').trim().split('\n');
      expect(lateLines.length).toBe(predict(mergeOrder(split, mode.driftMs)).late.length);

      const out = tempDir();
      const checkpoints = tempDir();
      const random = seededKills(SEED + mode.driftMs);
      const args = [pipelineFor(mode.name, mode.replay, mode.backend, true), '--out', out, '--checkpoint-dir', checkpoints, '--speed', SPEED];
      let kills = 0;
      let restores = 0;
      for (;;) {
        const run = startRun(args);
        // Killed at a seeded moment after the run completed a checkpoint of its own, so every
        // restart restores one, however slowly the machine starts the process.
        let timer: NodeJS.Timeout | undefined;
        if (kills < KILLS) {
          const delay = Math.round(random() * 1500);
          run.child.stderr?.on('data', () => {
            if (timer || !/checkpoint \d+ complete/.test(run.stderr())) return;
            timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
          });
        }
        const result = await run.done;
        clearTimeout(timer);
        if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
        if (result.signal === 'SIGKILL') {
          kills++;
          continue;
        }
        expect(result.code, result.stderr).toBe(0);
        break;
      }
      console.log(`merged replay crash test (${mode.name}, ${mode.backend}): ${kills} kills, ${restores} restores, ${lateLines.length} late records`);
      for (const sink of SINKS) {
        const expected = readFileSync(join(reference, `${sink}.jsonl`));
        const actual = readFileSync(join(out, `${sink}.jsonl`));
        expect(actual.equals(expected), `${sink}.jsonl differs from the failure-free run`).toBe(true);
      }
      expect(kills).toBe(KILLS);
      expect(restores).toBe(KILLS);
    }, 600_000);
  }
});

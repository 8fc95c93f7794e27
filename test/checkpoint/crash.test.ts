/**
 * Exactly-once after crashes, with real processes and real disk: a run killed with SIGKILL at
 * 50 seeded moments (every tenth after one of its checkpoints completed) and restarted each
 * time from its checkpoints ends with sink files byte-identical to a run that never failed.
 * The killed runs replay at 40,000× event time: the input spans 2001-01-01 to 2003-06-19
 * (7.9·10¹⁰ ms), about 1,975 s of replay. Each run resumes where the last checkpoint left off,
 * so the killed runs' lifetimes add up; 50 runs of a checkpoint plus 1.5 s (a few seconds under
 * load) stay far from the end, so every kill lands. (At 4·10⁸× the input took 0.2 s and the
 * runs ended before their kills.) The last run, after the 50th kill, and the reference run go
 * at full speed: pacing must not change results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { writeCrashFixture } from './fixture.ts';
import { seeded, startRun } from './spawn-run.ts';

const KILLS = 50;
const SEED = Number(process.env.TRIBUTARY_CRASH_SEED ?? 20261122);

describe('crash and restore', () => {
  it(`gives byte-identical output after ${KILLS} SIGKILLs (seed ${SEED})`, async () => {
    const { pipeline } = writeCrashFixture();
    const reference = tempDir();
    const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
    expect(clean.status, clean.stderr).toBe(0);

    const out = tempDir();
    const checkpoints = tempDir();
    const random = seeded(SEED);
    const args = [pipeline, '--out', out, '--checkpoint-dir', checkpoints];
    const paced = [...args, '--speed', '40000'];
    let kills = 0;
    let restores = 0;
    let finished = false;
    const moments: number[] = [];
    while (!finished) {
      const run = startRun(kills < KILLS ? paced : args);
      if (kills < KILLS) {
        const after = Math.round(300 + random() * 1200);
        let timer: NodeJS.Timeout | undefined;
        if (kills % 10 === 0) {
          // Every tenth kill lands once a checkpoint of this run has completed (then `after` ms
          // later), so restores happen however slow a loaded machine makes the start of a run.
          moments.push(-after);
          const watch = setInterval(() => {
            if (!/checkpoint \d+ complete/.test(run.stderr())) return;
            clearInterval(watch);
            timer = setTimeout(() => run.child.kill('SIGKILL'), after);
          }, 10);
          void run.done.then(() => clearInterval(watch));
        } else {
          moments.push(after);
          timer = setTimeout(() => run.child.kill('SIGKILL'), after);
        }
        const result = await run.done;
        clearTimeout(timer);
        if (result.signal === 'SIGKILL') kills++;
        else {
          expect(result.code, result.stderr).toBe(0);
          finished = true;
        }
        if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
      } else {
        const result = await run.done;
        expect(result.code, result.stderr).toBe(0);
        if (/restoring checkpoint \d+/.test(result.stderr)) restores++;
        finished = true;
      }
    }
    console.log(`crash test: seed ${SEED}, ${kills} kills at ms ${moments.join(',')} (negative: that long after a completed checkpoint); ${restores} runs restored a checkpoint`);
    for (const sink of ['hourly', 'by_state']) {
      const expected = readFileSync(join(reference, `${sink}.jsonl`));
      const actual = readFileSync(join(out, `${sink}.jsonl`));
      expect(actual.length).toBe(expected.length);
      expect(actual.equals(expected), `${sink}.jsonl differs from the failure-free run`).toBe(true);
    }
    // No window fired twice: every (origin, window) appears once.
    const rows = readFileSync(join(out, 'hourly.jsonl'), 'utf8').trim().split('\n');
    const windows = new Set(rows.map((l) => { const r = JSON.parse(l) as Record<string, string>; return `${r.origin}|${r.window_start}`; }));
    expect(windows.size).toBe(rows.length);
    expect(kills).toBe(KILLS);
    // How many timed kills land after a completed checkpoint depends on machine load, not on the
    // engine; what matters is that restores happened (at least after the kills that waited for
    // a checkpoint) and the output above is still exact.
    expect(restores, `runs that restored a checkpoint (of ${KILLS + 1})`).toBeGreaterThanOrEqual(1);
  }, 600_000);
});

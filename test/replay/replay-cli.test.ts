/**
 * `tributary run --replay`: the override replaces the pipeline's `settings.replay` for one run
 * (the late records are those the independent merge predicts for that mode), the summary prints
 * the mode and each source's watermark lead, and a bad value exits 2 naming the accepted forms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { mergeOrder, predict, splitFlights, unionPipeline, writeSplit } from './union-fixture.ts';

const split = splitFlights(11, 3 * 3_600_000);
let file: string;

beforeAll(() => {
  const dir = tempDir('tributary-replay-cli-');
  writeSplit(dir, split);
  file = join(dir, 'union.pipeline.json');
  // The file says chunked; the runs below override it.
  writeFileSync(file, JSON.stringify(unionPipeline({ mode: 'chunked' })));
});

const lateCount = (out: string): number => readFileSync(join(out, 'late.jsonl'), 'utf8').trim().split('\n').length;

describe('tributary run --replay', () => {
  for (const [option, driftMs, line] of [
    ['aligned', 0, /^replay aligned: in_order, shuffled merged by event time; watermark lead at most in_order \d[^,]*, shuffled \d.*$/m],
    ['drift:90m', 90 * 60_000, /^replay drift \(maxAllowedWatermarkDrift 1h 30m\): in_order, shuffled merged by event time; watermark lead at most .*$/m],
  ] as const) {
    it(`--replay ${option} overrides settings.replay and gives the merge's late records`, () => {
      const out = tempDir();
      const r = tributary(['run', file, '--out', out, '--replay', option, '--no-progress']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(line);
      expect(lateCount(out)).toBe(predict(mergeOrder(split, driftMs)).late.length);
    });
  }

  it('without --replay runs the file\'s mode (chunked)', () => {
    const r = tributary(['run', file, '--out', tempDir(), '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^replay chunked: in_order, shuffled chunked; watermark lead at most .*$/m);
  });

  it('rejects a bad --replay with exit code 2', () => {
    const r = tributary(['run', file, '--replay', 'fast']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--replay takes aligned, chunked or drift:<duration> (e.g. drift:30s), not "fast"');
  });
});

describe('the independent merge (union-fixture)', () => {
  it('keeps every record of both files, whichever file ends first', () => {
    for (const seed of [11, 2025, 7]) for (const drift of [0, 90 * 60_000]) {
      const s = splitFlights(seed, 3 * 3_600_000);
      expect(mergeOrder(s, drift).length).toBe(s[0].length + s[1].length);
    }
  });
});

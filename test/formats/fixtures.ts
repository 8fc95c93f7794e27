/**
 * Test fixtures for the binary and compressed file formats, written by real independent
 * writers (pyarrow, fastavro, Python's gzip; see `write-fixtures.py`) from the flights sample.
 * Python with pyarrow and fastavro is looked up by `python.ts`. Without it the tests skip with the reason, except on CI, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO } from '../cli/run-cli.ts';
import { findPython } from './python.ts';

export const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');

export const python = findPython();
const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
if (!python.ok) {
  if (onCi) throw new Error(`format tests cannot run on CI: ${python.reason}`);
  console.warn(`Skipping format tests: ${python.reason}`);
}

/** Writes the fixtures into a temp folder before the file's tests; @returns a getter for the folder. */
export function useFormatFixtures(): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    if (!python.ok) return;
    dir = mkdtempSync(join(tmpdir(), 'tributary-formats-'));
    const run = spawnSync(python.python, [join(REPO, 'test/formats/write-fixtures.py'), FLIGHTS, dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`write-fixtures.py failed: ${run.stderr}`);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('fixtures not written (see beforeAll)');
    return dir;
  };
}

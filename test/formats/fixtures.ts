/**
 * Test fixtures for the binary and compressed file formats, written by real independent
 * writers (pyarrow, fastavro, Python's gzip; see `write-fixtures.py`) from the flights sample.
 * Python with pyarrow and fastavro is looked up as `$TRIBUTARY_PYTHON`, then
 * `~/.cache/tributary/python/bin/python` (made by `test/formats/setup-python.sh`), then
 * `python3`. Without it the tests skip with the reason, except on CI, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO } from '../cli/run-cli.ts';

export const FLIGHTS = join(REPO, 'examples/data/flights-20k.jsonl');

function findPython(): { ok: true; python: string } | { ok: false; reason: string } {
  const candidates = [process.env.TRIBUTARY_PYTHON, join(homedir(), '.cache/tributary/python/bin/python'), 'python3'].filter(
    (c): c is string => typeof c === 'string' && c.length > 0 && (!c.includes('/') || existsSync(c)),
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import pyarrow, fastavro'], { encoding: 'utf8' });
    if (probe.status === 0) return { ok: true, python };
  }
  return { ok: false, reason: `no Python with pyarrow and fastavro (tried ${candidates.join(', ')}); run test/formats/setup-python.sh or set TRIBUTARY_PYTHON` };
}

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

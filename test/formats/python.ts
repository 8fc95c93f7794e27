/**
 * Finds a Python with pyarrow and fastavro, the independent writers of the format fixtures and
 * of the Parquet benchmark file: `$TRIBUTARY_PYTHON`, then `~/.cache/tributary/python/bin/python`
 * (made by `test/formats/setup-python.sh`), then `python3`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type PythonLookup = { ok: true; python: string } | { ok: false; reason: string };

export function findPython(): PythonLookup {
  const candidates = [process.env.TRIBUTARY_PYTHON, join(homedir(), '.cache/tributary/python/bin/python'), 'python3'].filter(
    (c): c is string => typeof c === 'string' && c.length > 0 && (!c.includes('/') || existsSync(c)),
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import pyarrow, fastavro'], { encoding: 'utf8' });
    if (probe.status === 0) return { ok: true, python };
  }
  return { ok: false, reason: `no Python with pyarrow and fastavro (tried ${candidates.join(', ')}); run test/formats/setup-python.sh or set TRIBUTARY_PYTHON` };
}

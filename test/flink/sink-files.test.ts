// Reading a Flink filesystem sink folder (engine/flink/sink-files.ts) laid out as Flink 1.20
// lays it out: finished part files without extension, hidden in-progress files, partition
// subfolders, hidden staging folders and markers. No Flink needed; flink-runner.test.ts and
// runner-lifecycle.test.ts read folders the real Flink wrote.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSinkFolder, listSinkFiles, readSinkLines, readSinkRows } from '../../engine/flink/sink-files.ts';

describe('Flink sink folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-sink-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(relative: string, content: string): string {
    const path = join(dir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  it('reads the rows of finished part files, skipping hidden files, staging folders and markers', async () => {
    const a = write('out/part-2f1e-0-0', '{"n":1}\n{"n":2}\n');
    const b = write('out/dt=2001-01-01/part-2f1e-0-1', '{"n":3}\n\n');
    write('out/.part-2f1e-0-2.inprogress.8a7c', '{"n":99}\n');
    write('out/.staging_1700000000/part-x-0-0', '{"n":98}\n');
    write('out/_SUCCESS', '');
    const folder = join(dir, 'out');
    expect(await readSinkRows(folder)).toEqual([{ n: 3 }, { n: 1 }, { n: 2 }]);
    expect(await listSinkFiles(folder)).toEqual({
      exists: true,
      finished: [b, a],
      inProgress: [join(folder, '.part-2f1e-0-2.inprogress.8a7c')],
    });
    await expect(readSinkLines(folder, { strict: true })).rejects.toThrow(/1 in-progress file\(s\) \(\.part-2f1e-0-2\.inprogress\.8a7c\) beside its finished ones/);
  });

  it('refuses a folder holding only in-progress files: the job did not finalize its output', async () => {
    write('out/.part-2f1e-0-0.inprogress.8a7c', '{"n":1}\n');
    await expect(readSinkRows(join(dir, 'out'))).rejects.toThrow(/in-progress file\(s\).*and no finished part file: the job did not finalize its output/);
  });

  it('gives no rows for a missing folder (Flink creates none for a sink without rows)', async () => {
    expect(await readSinkRows(join(dir, 'never-written'))).toEqual([]);
    expect((await listSinkFiles(join(dir, 'never-written'))).exists).toBe(false);
  });

  it('names the file and line of a line that is not a JSON object', async () => {
    const part = write('out/part-1-0-0', '{"n":1}\n[1,2]\n');
    await expect(readSinkRows(join(dir, 'out'))).rejects.toThrow(`${part}:2: expected a JSON object per line`);
    write('out/part-1-0-0', '{"n":1}\n{"n":\n');
    await expect(readSinkRows(join(dir, 'out'))).rejects.toThrow(`${part}:2: not JSON`);
  });

  it('refuses relative paths and files, and never clears a filesystem root', async () => {
    await expect(readSinkRows('relative/out')).rejects.toThrow(/needs an absolute path.*working directory/);
    const file = write('a-file', '');
    await expect(readSinkRows(file)).rejects.toThrow(/is a file; a filesystem sink's path is a folder/);
    await expect(clearSinkFolder('/')).rejects.toThrow(/refuses to delete the filesystem root/);
  });

  it('clears a folder with everything in it, and accepts a missing one', async () => {
    write('out/part-1-0-0', '{"n":1}\n');
    write('out/k=v/.part-2-0-0.inprogress.1', '{"n":2}\n');
    await clearSinkFolder(join(dir, 'out'));
    expect((await listSinkFiles(join(dir, 'out'))).exists).toBe(false);
    await clearSinkFolder(join(dir, 'out'));
  });
});

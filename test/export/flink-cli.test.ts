// The CLI's Flink commands as a user runs them (bin/tributary.mjs in a child process), without a
// Flink: `export --target flink` writes job.sql, README.md and params.json or refuses with the
// reasons and writes nothing; `--strict`; bad usage; `flink-check` refuses an untrusted folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';

const EXAMPLES = join(REPO, 'examples', 'flights');

describe('tributary export --target flink', () => {
  it('writes job.sql, README.md and params.json; --param sets a path, relative to the current directory', () => {
    const out = join(tempDir(), 'job');
    const cwd = tempDir();
    const r = tributary(['export', join(EXAMPLES, 'delays-by-origin.pipeline.json'), '--target', 'flink', '--out', out, '--param', 'hourly.path=results/hourly.jsonl'], { cwd });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/job\.sql[\s\S]*README\.md[\s\S]*params\.json/);
    const script = readFileSync(join(out, 'job.sql'), 'utf8');
    // The SQL client ends a statement only at a ';' that ends a line: no line holds two.
    for (const line of script.split('\n')) if (line.includes(';')) expect(line.trimEnd().endsWith(';'), line).toBe(true);
    expect(script.match(/^EXECUTE STATEMENT SET$/gm)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'params.json'), 'utf8'))).toEqual({
      'flights.path': join(REPO, 'examples', 'data', 'flights-20k.jsonl'),
      'hourly.path': join(cwd, 'results', 'hourly'),
    });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`\`hourly\` writes JSON lines into part files in the folder \`${join(cwd, 'results', 'hourly')}\``);
  });

  it('refuses late-arrivals with one line per node, exit 1, and writes nothing', () => {
    const out = join(tempDir(), 'job');
    const r = tributary(['export', join(EXAMPLES, 'late-arrivals.pipeline.json'), '--target', 'flink', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.trim().length > 0)).toEqual([
      `${join(EXAMPLES, 'late-arrivals.pipeline.json')}: 2 refusals (nothing written)`,
      '  TRB015 node flights, field disorder: disorder replay: the shuffle Tributary applies when replaying the file has no Flink counterpart: Flink reads the file in its order, so late records and first/last values would differ; remove `disorder` to export',
      '  TRB015 node per_hour, field output late: the `late` output: Flink SQL drops records behind the watermark silently; it has no side output for late records',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('prints warnings and exports; --strict refuses', () => {
    const dir = tempDir();
    const doc = JSON.parse(readFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.json'), 'utf8')) as { nodes: { id: string; config: Record<string, unknown> }[] };
    for (const n of doc.nodes) if (n.id === 'flights') n.config.path = join(REPO, 'examples', 'data', 'flights-20k.jsonl');
    for (const n of doc.nodes) if (n.id === 'per_hour') n.config.allowedLateness = '10m';
    const file = join(dir, 'late.pipeline.json');
    writeFileSync(file, JSON.stringify(doc));
    const warned = tributary(['export', file, '--target', 'flink', '--out', join(dir, 'a')]);
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('warning: TRB016 node per_hour, field allowedLateness: allowedLateness 600000 ms: Flink SQL window TVFs have no allowed lateness');
    const strict = tributary(['export', file, '--target', 'flink', '--strict', '--out', join(dir, 'b')]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('TRB015 node per_hour, field allowedLateness: allowedLateness 600000 ms:');
    expect(strict.stderr).toContain('(refused by --strict)');
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('bad usage exits 2', () => {
    expect(tributary(['export', join(EXAMPLES, 'delays-by-origin.pipeline.json'), '--target', 'spark', '--out', tempDir()]).status).toBe(2);
    expect(tributary(['export', join(EXAMPLES, 'delays-by-origin.pipeline.json'), '--strict', '--out', tempDir()]).status).toBe(2);
    expect(tributary(['flink-check', join(EXAMPLES, 'delays-by-origin.pipeline.json'), '--input', 'nofile']).status).toBe(2);
  });
});

describe('tributary flink-check', () => {
  it('refuses to run the code of a pipeline whose folder is not trusted', () => {
    const dir = tempDir();
    const file = join(dir, 'p.pipeline.json');
    writeFileSync(file, readFileSync(join(EXAMPLES, 'delays-by-origin.pipeline.json')));
    const r = tributary(['flink-check', file], { env: { TRIBUTARY_CONFIG_DIR: tempDir() } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not trusted');
    expect(r.stdout).toBe('');
  });

  it('says what it needs when Java is missing', () => {
    const r = tributary(['flink-check', join(EXAMPLES, 'delays-by-origin.pipeline.json')], { env: { PATH: '/nonexistent', JAVA_HOME: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("flink-check: a local Apache Flink cannot run here: 'java' was not found on PATH; install a JDK (11 or newer; 17 recommended) or set JAVA_HOME");
  });
});

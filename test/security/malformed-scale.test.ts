/**
 * A million lines of mixed input through the real CLI: good JSON Lines, malformed JSON, invalid
 * UTF-8, lines over the default 16 MiB limit (one of 100 MB), CRLF endings, a byte-order mark;
 * about 350 MB, generated here from a seeded PRNG. Every line is accounted for exactly against
 * the generator's own counts (`in = accepted + errors`, each error with its line number and
 * kind), and the run's peak RSS, measured by `/usr/bin/time -v` around the CLI process, stays
 * far below the file size: over-long lines are never held whole. RSS and wall time are printed;
 * only the memory bound is asserted (it does not depend on timing).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seeded } from '../checkpoint/spawn-run.ts';
import { REPO } from '../cli/run-cli.ts';
import { scratch, write } from './input-fixtures.ts';

const LINES = 1_000_000;
const SEED = Number(process.env.TRIBUTARY_MALFORMED_SEED ?? 20260214);
const MIB = 1024 * 1024;
const LIMIT = 16 * MIB; // fileSource's default maxLineBytes
const RSS_LIMIT_MB = 1024;
const TIME = '/usr/bin/time';

const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
const timeMissing = !existsSync(TIME);
if (timeMissing) {
  if (onCi) throw new Error(`the malformed-input scale test cannot run on CI: ${TIME} is missing (Debian: apt-get install time)`);
  console.warn(`Skipping the malformed-input scale test: ${TIME} is missing (Debian: apt-get install time), which measures the run's peak RSS`);
}

interface Expected {
  good: number;
  malformed: number[];
  invalidUtf8: number[];
  /** Line number → length in bytes (without the line break). */
  overLong: Map<number, number>;
  bytes: number;
}

/** Writes the file in 4 MiB blocks and returns what a correct reader must report. */
function generate(path: string): Expected {
  const random = seeded(SEED);
  const fd = openSync(path, 'w');
  const expected: Expected = { good: 0, malformed: [], invalidUtf8: [], overLong: new Map(), bytes: 0 };
  let block: Buffer[] = [];
  let blockBytes = 0;
  const put = (b: Buffer): void => {
    block.push(b);
    blockBytes += b.length;
    expected.bytes += b.length;
    if (blockBytes >= 4 * MIB) {
      writeSync(fd, Buffer.concat(block));
      block = [];
      blockBytes = 0;
    }
  };
  /** A valid JSON object line of exactly `length` bytes. */
  const padded = (line: number, length: number): void => {
    const head = Buffer.from(`{"id":${line},"ts":${1_700_000_000_000 + line},"pad":"`);
    put(head);
    for (let left = length - head.length - 2; left > 0; left -= MIB) put(Buffer.alloc(Math.min(MIB, left), 0x61));
    put(Buffer.from('"}'));
  };
  // Over-long lines at seeded places: one of 100 MB, eight of 17–24 MiB; one exactly at the limit (accepted).
  const long = new Map<number, number>([[Math.floor(LINES / 2), 100_000_000]]);
  for (let i = 0; i < 8; i++) long.set(1000 + Math.floor(random() * (LINES - 2000)), LIMIT + 1 + Math.floor(random() * 8 * MIB));
  const atLimit = LINES - 10;
  put(Buffer.from([0xef, 0xbb, 0xbf]));
  const invalid = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf0, 0x9f, 0x8c])];
  for (let line = 1; line <= LINES; line++) {
    const pick = random();
    const length = long.get(line);
    if (length !== undefined) {
      padded(line, length);
      expected.overLong.set(line, length);
    } else if (line === atLimit) {
      padded(line, LIMIT);
      expected.good++;
    } else if (pick < 0.03) {
      put(Buffer.from(`{"id":${line},"s":"`));
      put(invalid[line % invalid.length] as Buffer);
      put(Buffer.from('"}'));
      expected.invalidUtf8.push(line);
    } else if (pick < 0.06) {
      put(Buffer.from(pick < 0.045 ? `{"id":${line},"s":` : `[${line}]`));
      expected.malformed.push(line);
    } else {
      put(Buffer.from(`{"id":${line},"v":"é${Math.floor(random() * 1e9)}","ts":${1_700_000_000_000 + line}}`));
      expected.good++;
    }
    put(Buffer.from(random() < 0.05 ? '\r\n' : '\n'));
  }
  writeSync(fd, Buffer.concat(block));
  closeSync(fd);
  return expected;
}

describe.skipIf(timeMissing)('a million lines of malformed input', () => {
  it('are all accounted for, in bounded memory', () => {
    const dir = scratch();
    try {
      check(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true }); // 350 MB
    }
  }, 600_000);
});

/** Generates the file, runs the CLI on it under `/usr/bin/time -v`, checks every line's fate and the peak RSS. */
function check(dir: string): void {
  const expected = generate(join(dir, 'mixed.jsonl'));
  const pipeline = write(
    dir,
    'mixed.pipeline.json',
    JSON.stringify({
      version: 1,
      name: 'malformed at scale',
      nodes: [
        { id: 'src', type: 'fileSource', config: { path: 'mixed.jsonl', time: { mode: 'event', field: 'ts' } } },
        { id: 'out', type: 'previewSink', config: { limit: 10 } },
        { id: 'errs', type: 'fileSink' },
      ],
      edges: [
        { id: 'e1', source: 'src', sourcePort: 'out', target: 'out', targetPort: 'in' },
        { id: 'e2', source: 'src', sourcePort: 'errors', target: 'errs', targetPort: 'in' },
      ],
    }),
  );
  const started = Date.now();
  const r = spawnSync(TIME, ['-v', process.execPath, join(REPO, 'bin/tributary.mjs'), 'run', pipeline, '--out', join(dir, 'out'), '--no-progress', '--json'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  const seconds = (Date.now() - started) / 1000;
  expect(r.status, r.stderr).toBe(0);
  const rssMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) / 1024;
  console.log(
    `malformed input at scale: ${LINES.toLocaleString('en-US')} lines, ${(expected.bytes / MIB).toFixed(0)} MiB (longest line 100 MB), seed ${SEED}: ` +
      `${seconds.toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB`,
  );

  const summary = JSON.parse(r.stdout) as { status: string; nodes: { nodeId: string; in: number; accepted: number; errors: number; balanced: boolean }[] };
  const src = summary.nodes.find((n) => n.nodeId === 'src');
  const bad = expected.malformed.length + expected.invalidUtf8.length + expected.overLong.size;
  expect(src).toMatchObject({ in: LINES, accepted: expected.good, errors: bad, balanced: true });

  const errors = readFileSync(join(dir, 'out', 'errs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; reason: string; raw: string });
  const lines = (pattern: RegExp): number[] => errors.filter((e) => pattern.test(e.reason)).map((e) => e.line);
  expect(lines(/^malformed JSON|^a line must hold a JSON object/)).toEqual(expected.malformed);
  expect(lines(/^invalid UTF-8 at byte/)).toEqual(expected.invalidUtf8);
  const overLong = errors.filter((e) => e.reason.startsWith('line longer than the maximum'));
  expect(overLong.map((e) => [e.line, Number(/: (\d+) bytes;/.exec(e.reason)?.[1])])).toEqual([...expected.overLong].sort((a, b) => a[0] - b[0]));
  expect(Math.max(...overLong.map((e) => e.raw.length))).toBeLessThanOrEqual(1025);

  expect(rssMb).toBeGreaterThan(0);
  expect(rssMb, `peak RSS of the CLI run (file ${(expected.bytes / MIB).toFixed(0)} MiB)`).toBeLessThan(RSS_LIMIT_MB);
}

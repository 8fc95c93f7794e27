/**
 * Generators for the malformed-input tests: CSV files with well-formed quoting (delimiters,
 * `""`, line breaks inside quotes) and one malformed quote, and byte-level JSONL files; each
 * returns what a correct reader must give — computed from the generator's own choices, never
 * from the reader under test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../checkpoint/spawn-run.ts';

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tributary-security-'));
}

export function write(dir: string, name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

export type MalformedQuote = 'unclosed' | 'inside-unquoted' | 'after-closing' | 'unclosed-last';

export interface CsvFixture {
  text: string;
  /** Rows a correct reader gives, with the line each record starts on. */
  rows: { line: number; row: { id: number; name: string; amount: number } }[];
  /** The line of the malformed record. */
  badLine: number;
  lines: number;
}

/**
 * `id,name,amount`, `records` records from a seeded PRNG: plain names, quoted names with the
 * delimiter and `""` (every `quotedEvery`-th; 0: none, so nothing after a stray quote closes
 * it), and names with a line break inside quotes; the record at index `badAt` has a malformed
 * quote of the given kind (`unclosed-last`: the last record, `badAt` unused).
 */
export function csvWithBadQuote(records: number, badAt: number, kind: MalformedQuote, quotedEvery = 7, seed = 7): CsvFixture {
  const random = seeded(seed);
  const out = ['id,name,amount'];
  const rows: CsvFixture['rows'] = [];
  let badLine = 0;
  let physical = 1; // lines so far: the header
  for (let i = 0; i < records; i++) {
    const line = physical + 1;
    const amount = Math.round(random() * 100_000) / 100;
    const bad = kind === 'unclosed-last' ? i === records - 1 : i === badAt;
    if (bad) {
      badLine = line;
      const field = kind === 'inside-unquoted' ? `bro"ken ${i}` : kind === 'after-closing' ? `"bro"ken ${i}"` : `"broken ${i}`;
      out.push(`${i},${field},${amount}`);
      physical++;
      continue;
    }
    const style = quotedEvery > 0 && i % quotedEvery === 0 ? (i % (quotedEvery * 3) === 0 ? 'multiline' : 'quoted') : 'plain';
    const name = style === 'plain' ? `n${i}` : style === 'quoted' ? `Smith, "J" ${i}` : `first ${i}\nsecond, "line"`;
    const field = style === 'plain' ? name : `"${name.replace(/"/g, '""')}"`;
    out.push(`${i},${field},${amount}`);
    physical += style === 'multiline' ? 2 : 1;
    rows.push({ line, row: { id: i, name, amount } });
  }
  const text = out.join('\n') + '\n';
  return { text, rows, badLine, lines: text.split('\n').length - 1 };
}

/** What a JSONL fixture holds, by kind; `good` rows in file order. */
export interface JsonlFixture {
  bytes: Buffer;
  good: { line: number; row: Record<string, unknown> }[];
  invalidUtf8: number[];
  overLong: number[];
  malformed: number[];
  lines: number;
}

/**
 * A JSONL file of `count` lines from a seeded PRNG: good objects, malformed JSON, lines with
 * invalid UTF-8 bytes, lines longer than `maxLineBytes` (`longBytes` each), CRLF endings on
 * some; a byte-order mark first.
 */
export function jsonlMix(count: number, options: { seed: number; maxLineBytes: number; longBytes: number; longEvery: number }): JsonlFixture {
  const random = seeded(options.seed);
  const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  const fixture: JsonlFixture = { bytes: Buffer.alloc(0), good: [], invalidUtf8: [], overLong: [], malformed: [], lines: count };
  const invalid = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82])];
  for (let line = 1; line <= count; line++) {
    const eol = random() < 0.1 ? '\r\n' : '\n';
    const pick = random();
    if (line % options.longEvery === 0) {
      fixture.overLong.push(line);
      const head = Buffer.from(`{"id":${line},"pad":"`);
      parts.push(head, Buffer.alloc(options.longBytes - head.length - 2, 0x61), Buffer.from(`"}${eol}`));
    } else if (pick < 0.04) {
      fixture.invalidUtf8.push(line);
      parts.push(Buffer.from(`{"id":${line},"s":"`), invalid[line % invalid.length] as Buffer, Buffer.from(`"}${eol}`));
    } else if (pick < 0.08) {
      fixture.malformed.push(line);
      parts.push(Buffer.from(`{"id":${line},"s":oops}${eol}`));
    } else {
      const row = { id: line, s: `é ${Math.floor(random() * 1e6)} 🌊`, ts: 1_700_000_000_000 + line * 1000 };
      fixture.good.push({ line, row });
      parts.push(Buffer.from(JSON.stringify(row) + eol));
    }
  }
  fixture.bytes = Buffer.concat(parts);
  return fixture;
}

/**
 * The sql node against real Apache Flink 1.20, row for row: one query, the same input file, run
 * by the embedded engine (file source → sql node → file sink, in-process) and by Flink's SQL
 * client (a filesystem table with the same columns, `rowtime` and watermark, the query's result
 * type printed by `DESCRIBE` and written by a filesystem sink), compared as multisets.
 *
 * Both engines emit a watermark after every record (`emit: "punctuated"` here,
 * `pipeline.auto-watermark-interval = 0` there, where Flink's watermark assigner then emits
 * whenever the watermark moved), and the watermark is Tributary's `max - bound - 1` (Flink's
 * `rowtime - (bound + 1 ms)`), so the same records are late on both.
 *
 * Normalised where the JSON encodings differ, and only there: timestamps (Tributary writes
 * ISO-8601 with `Z`, Flink `2001-01-01 00:00:00[.fff][Z]`) are compared as epoch milliseconds;
 * DECIMAL (Tributary: a string with the scale's digits, Flink: a plain JSON number) and BIGINT
 * beyond 2^53 as the number JSON reads; everything else as the JSON values both write.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { clearSinkFolder, readSinkRows } from '../../engine/flink/sink-files.ts';
import type { FlinkRunner } from '../../engine/flink/flink-runner.ts';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { compileSql, formatType, type SqlColumn } from '../../engine/sql/index.ts';
import { intervalLiteral } from '../../engine/export/flink/intervals.ts';
import { sqlString } from './flink-helpers.ts';

/** An input file both engines read: its columns, how its event time is read, its watermark bound. */
export interface DiffTable {
  name: string;
  path: string;
  /** Column → Flink SQL type, in file order. */
  columns: Record<string, string>;
  /** Tributary's `time` config and the same time as a Flink computed column expression. */
  time: { tributary: Record<string, unknown>; flink: string };
  boundMs: number;
}

/** What one comparison found. */
export interface DiffResult {
  tributary: Record<string, unknown>[];
  flink: Record<string, unknown>[];
  /** Flink's result type (`DESCRIBE`) and ours, as `name TYPE` lines. */
  flinkTypes: string[];
  ourTypes: string[];
  late: number;
  errors: number;
}

const tableDdl = (t: DiffTable): string => {
  const cols = Object.entries(t.columns).map(([name, type]) => `\`${name}\` ${type}`);
  const bound = intervalLiteral(t.boundMs + 1) as string;
  return `CREATE TABLE \`${t.name}\` (${[...cols, `\`rowtime\` AS ${t.time.flink}`, `WATERMARK FOR \`rowtime\` AS \`rowtime\` - ${bound}`].join(', ')})
  WITH ('connector' = 'filesystem', 'path' = ${sqlString(t.path)}, 'format' = 'json');`;
};

/** Runs `query` over `tables` on the embedded engine. */
async function runTributary(query: string, tables: readonly DiffTable[], dir: string): Promise<{ rows: Record<string, unknown>[]; late: number; errors: number }> {
  const nodes: unknown[] = tables.map((t) => ({
    id: t.name,
    type: 'fileSource',
    config: { path: t.path, time: t.time.tributary, watermarks: { maxOutOfOrderness: t.boundMs, emit: 'punctuated' }, schema: t.columns },
  }));
  const out = join(dir, 'tributary.jsonl');
  nodes.push({ id: 'q', type: 'sql', config: { query } }, { id: 'sink', type: 'fileSink', config: { path: out } });
  const edges = [...tables.map((t) => ({ id: `e_${t.name}`, source: t.name, target: 'q' })), { id: 'out', source: 'q', target: 'sink' }];
  const valid = validatePipeline({ version: 1, name: 'differential', nodes, edges });
  if (!valid.ok) throw new Error(`the pipeline is invalid: ${valid.problems.map((p) => `${p.code} ${p.field ?? ''} ${p.line ?? ''}:${p.column ?? ''} ${p.message}`).join('; ')}`);
  const job = createJob(valid.pipeline, { baseDir: dir });
  const result = await job.run();
  const q = result.nodes.find((n) => n.nodeId === 'q');
  expect(q?.balanced).toBe(true);
  const text = readFileSync(out, 'utf8');
  const rows = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { rows, late: q?.late ?? 0, errors: q?.errors ?? 0 };
}

/** `DESCRIBE` rows from the client's transcript: `| name | type | null | … |`. */
function describedTypes(output: string): string[] {
  const lines = output.split('\n').filter((l) => l.startsWith('|') && !/^\|\s+name\s+\|/.test(l));
  return lines.map((l) => {
    const cells = l.split('|').map((c) => c.trim());
    const [name, type, nullable] = [cells[1], cells[2], cells[3]];
    return `${name} ${type}${nullable === 'FALSE' ? ' NOT NULL' : ''}`;
  });
}

/** Runs `query` over `tables` on Flink; the sink's columns are the query's own types. */
async function runFlink(flink: FlinkRunner, query: string, tables: readonly DiffTable[], output: readonly SqlColumn[], dir: string): Promise<{ rows: Record<string, unknown>[]; types: string[] }> {
  const out = join(dir, 'flink-out');
  await clearSinkFolder(out);
  const sinkColumns = output.map((c) => `\`${c.name}\` ${formatType({ ...c.type, nullable: true, ...(c.type.kind === 'TIMESTAMP' || c.type.kind === 'TIMESTAMP_LTZ' ? { timeAttribute: undefined } : {}) } as SqlColumn['type']).replace(' *ROWTIME*', '')}`);
  const script = [
    "SET 'table.local-time-zone' = 'UTC';",
    "SET 'pipeline.auto-watermark-interval' = '0 ms';",
    "SET 'parallelism.default' = '1';",
    ...tables.map(tableDdl),
    `CREATE TEMPORARY VIEW q AS\n${query.trim().replace(/;\s*$/, '')}\n;`,
    'DESCRIBE q;',
    `CREATE TABLE sink (${sinkColumns.join(', ')}) WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'json', 'json.encode.decimal-as-plain-number' = 'true');`,
    'INSERT INTO sink SELECT * FROM q;',
  ].join('\n');
  const result = await flink.runSql(script, { timeoutMs: 240_000 });
  if (!result.ok) throw new Error(`Flink failed: ${result.error}`);
  return { rows: await readSinkRows(out), types: describedTypes(result.output) };
}

const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z?$/;

/** A value in the form both engines' JSON maps to (see the file header). */
function normalise(type: SqlColumn['type'], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const m = TIMESTAMP_TEXT.exec(String(value));
      if (!m) throw new Error(`not a timestamp: ${JSON.stringify(value)}`);
      return Date.parse(`${m[1]}T${m[2]}Z`);
    }
    case 'DECIMAL':
    case 'BIGINT':
      return Number(value);
    default:
      return value;
  }
}

/** Rows as sorted canonical JSON, values normalised by the output schema. */
export function canonical(rows: readonly Record<string, unknown>[], output: readonly SqlColumn[]): string[] {
  return rows.map((r) => JSON.stringify(output.map((c) => normalise(c.type, r[c.name])))).sort();
}

/**
 * Runs `query` on both engines over the same files and returns both outputs.
 * @throws Error when either engine refuses or fails the query.
 */
export async function compareWithFlink(flink: FlinkRunner, scratch: string, name: string, query: string, tables: readonly DiffTable[]): Promise<DiffResult> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const inputs = Object.fromEntries(tables.map((t) => [t.name, { columns: Object.entries(t.columns).map(([n, type]) => ({ name: n, type })) }]));
  const compiled = compileSql(query, inputs);
  if (!compiled.ok) throw new Error(`the query does not compile: ${JSON.stringify(compiled.problems)}`);
  const output = compiled.output;
  const ours = await runTributary(query, tables, dir);
  const theirs = await runFlink(flink, query, tables, output, dir);
  return {
    tributary: ours.rows,
    flink: theirs.rows,
    flinkTypes: theirs.types,
    ourTypes: output.map((c) => `${c.name} ${formatType(c.type)}`),
    late: ours.late,
    errors: ours.errors,
  };
}

/** Writes JSON lines. @returns the path. */
export function writeJsonl(dir: string, name: string, rows: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

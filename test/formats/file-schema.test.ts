/**
 * Declared schemas of Parquet and Avro files: the engine host's `inferSchema` reports the
 * columns of a file source feeding the node, with the Flink SQL types of Flink's Parquet and
 * Avro format documentation; and the TypeScript `Input` the editor builds from them accepts,
 * per the TypeScript compiler, every row the source actually replays (and catches misuse).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { declaredInput } from '../../renderer/inspector/declared-input.ts';
import { doc, edge, node, runPipeline } from '../engine/harness.ts';
import { python, useFormatFixtures } from './fixtures.ts';

const fixtures = useFormatFixtures();

interface Column {
  name: string;
  sqlType: string;
  tsType: string;
  nullable: boolean;
}

async function declared(file: string): Promise<{ columns: Column[] | undefined; records: unknown[] }> {
  const host = new EngineHost({ root: fixtures() });
  try {
    const document = doc([node('src', 'fileSource', { path: file, time: { mode: 'processing' } }), node('f', 'filter', {}, 'true'), node('out', 'previewSink')], [edge('src', 'f'), edge('f', 'out')]);
    const response = await host.handle({ kind: 'request', id: 1, call: 'inferSchema', args: { document, baseDir: '.', nodeId: 'f', port: 'in' } });
    if (!response.ok) throw new Error(response.error);
    return response.result as { columns: Column[] | undefined; records: unknown[] };
  } finally {
    await host.dispose();
  }
}

/** TypeScript errors (strict) of `code` with `type Input = …` from the declared columns. */
function typeErrors(columns: Column[], code: string): string[] {
  const files: Record<string, string> = { 'decl.d.ts': `type Input = ${declaredInput(columns).declared};`, 'user.ts': code };
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], strict: true, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files[f] ?? read(f);
  host.fileExists = (f) => f in files || ts.sys.fileExists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v) => (f in files ? ts.createSourceFile(f, files[f] as string, v) : getSource(f, v));
  return ts.getPreEmitDiagnostics(ts.createProgram(['decl.d.ts', 'user.ts'], options, host)).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

async function replayed(file: string): Promise<unknown[]> {
  const run = await runPipeline(doc([node('src', 'fileSource', { path: join(fixtures(), file), time: { mode: 'processing' } }), node('out', 'previewSink')], [edge('src', 'out')]));
  return run.rows('out');
}

describe.skipIf(!python.ok)('declared schemas of Parquet and Avro sources', { timeout: 120_000 }, () => {
  it('Parquet: Flink SQL types as Flink maps pyarrow’s columns, and Input accepts every replayed row', async () => {
    const { columns } = await declared('typed.parquet');
    // Flink's Parquet type mapping (docs: Formats › Parquet › Data Type Mapping); pyarrow writes
    // every column OPTIONAL and UTC-adjusted timestamps for tz='UTC', hence nullable and LTZ.
    expect(columns?.map((c) => [c.name, c.sqlType, c.nullable])).toEqual([
      ['i32', 'INT', true],
      ['i64', 'BIGINT', true],
      ['f64', 'DOUBLE', true],
      ['flag', 'BOOLEAN', true],
      ['name', 'STRING', true],
      ['blob', 'BYTES', true],
      ['ts_ms', 'TIMESTAMP_LTZ(3)', true],
      ['ts_us', 'TIMESTAMP_LTZ(6)', true],
      ['day', 'DATE', true],
      ['price', 'DECIMAL(9, 2)', true],
      ['tags', 'ARRAY<STRING>', true],
      ['point', 'ROW<`x` INT, `y` INT>', true],
    ]);
    const rows = await replayed('typed.parquet');
    expect(rows).toHaveLength(2);
    expect(typeErrors(columns ?? [], `const rows: Input[] = ${JSON.stringify(rows)};`)).toEqual([]);
    expect(typeErrors(columns ?? [], `declare const event: Input; event.name.toFixed(1);`).join()).toMatch(/TS2339: Property 'toFixed' does not exist on type 'string'|TS18047/);
  });

  it('Avro: Flink SQL types as Flink maps fastavro’s writer schema, and Input accepts every replayed row', async () => {
    const { columns } = await declared('typed.avro');
    // Flink's Avro type mapping (docs: Formats › Avro › Data Type Mapping).
    expect(columns?.map((c) => [c.name, c.sqlType, c.nullable])).toEqual([
      ['n', 'INT', false],
      ['big', 'BIGINT', false],
      ['opt', 'STRING', true],
      ['at', 'TIMESTAMP_LTZ(3)', false],
      ['kind', 'STRING', false],
      ['raw', 'BYTES', false],
      ['attrs', 'MAP<STRING NOT NULL, DOUBLE>', false],
      ['items', 'ARRAY<INT NOT NULL>', false],
    ]);
    const rows = await replayed('typed.avro');
    expect(rows).toEqual(JSON.parse(readFileSync(join(fixtures(), 'typed-avro.expected.json'), 'utf8')));
    expect(typeErrors(columns ?? [], `const rows: Input[] = ${JSON.stringify(rows)};`)).toEqual([]);
    expect(typeErrors(columns ?? [], `declare const event: Input; const k: 'A' | 'B' = event.kind; event.opt.length;`).join()).toMatch(/TS18047: 'event.opt' is possibly 'null'/);
  });

  it('a JSON Lines source declares nothing: the editor types Input from sample records', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(fixtures(), 'few.jsonl'), '{"a":1}\n');
    const { columns } = await declared('few.jsonl');
    expect(columns).toBeUndefined();
  });
});

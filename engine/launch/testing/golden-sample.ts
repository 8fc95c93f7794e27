/**
 * The inputs of an "Accept as golden" test: a test recorded from a run over a whole data file
 * would expect every row the pipeline ever writes (tens of thousands for the flights examples),
 * so each source reading a JSON Lines file with more than `limit` records is given its first
 * `limit` records instead, written into the test (`records`), with the source's own seeded
 * `disorder`, event time and watermark bound kept. Sources reading CSV or JSON arrays, small
 * files, files with a line that is not a JSON object (its `errors` output would change), and
 * sources that read no file keep the pipeline's own input.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseJsonLine, resolveFormat } from '../../connectors/record-formats.ts';
import { nodeTypeSpec } from '../../nodes/catalog.ts';
import { TestInputSchema, type TestInput } from '../../pipeline/pipeline-test.ts';
import type { Row } from '../../pipeline/row-diff.ts';
import type { RawDocument } from './test-document.ts';

/** Records per source a golden test keeps by default. */
export const GOLDEN_SAMPLE_RECORDS = 200;

/** The first `limit` records of a JSON Lines file, or `undefined` when it has no more than that or a bad line comes first. */
async function firstRecords(path: string, limit: number): Promise<Row[] | undefined> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const rows: Row[] = [];
  let n = 0;
  try {
    for await (const text of lines) {
      const read = parseJsonLine(text, ++n);
      if (read === undefined) continue;
      if (!('row' in read)) return undefined;
      if (rows.length === limit) return rows;
      rows.push(read.row);
    }
    return undefined;
  } finally {
    lines.close();
    input.destroy(); // readline leaves its input open; the host lives long, its file handles must not pile up
  }
}

export interface SampledInput {
  /** As written into the test file. */
  raw: Record<string, unknown>;
  /** As the run takes it. */
  input: TestInput;
}

/**
 * Sampled inputs by source id. `baseDir`: where the pipeline's relative paths resolve.
 * A file that cannot be read is left to the run, which reports it naming the node.
 */
export async function goldenSampleInputs(document: RawDocument, baseDir: string, limit = GOLDEN_SAMPLE_RECORDS): Promise<Record<string, SampledInput>> {
  const sampled: Record<string, SampledInput> = {};
  for (const node of document.nodes ?? []) {
    const spec = nodeTypeSpec(node.type);
    const field = spec?.category === 'source' ? spec.capabilities.readsFile?.fields[0] : undefined;
    const path = field === undefined ? undefined : node.config?.[field];
    if (typeof path !== 'string') continue;
    const abs = resolve(baseDir, path);
    let format: string;
    try {
      format = resolveFormat(abs, (node.config?.format as 'auto' | 'jsonl' | 'csv' | 'json' | undefined) ?? 'auto');
    } catch {
      continue;
    }
    if (format !== 'jsonl') continue;
    const records = await firstRecords(abs, limit).catch(() => undefined);
    if (!records) continue;
    const raw: Record<string, unknown> = { records };
    if (node.config?.disorder !== undefined) raw.disorder = node.config.disorder;
    const parsed = TestInputSchema.safeParse(raw);
    if (parsed.success) sampled[node.id] = { raw, input: parsed.data };
  }
  return sampled;
}

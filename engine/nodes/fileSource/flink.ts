/**
 * `fileSource` → Flink SQL: a `filesystem` table over the file (`json` for JSON Lines, `csv` for
 * CSV), columns typed from the file's first records, event time and watermark from `time` and
 * `watermarks` (see `engine/nodes/common/flink-source.ts`). Refused: JSON-array files (Flink's
 * `json` format reads one object per line) and `disorder` (a replay shuffle Flink has no
 * counterpart for). `speed` is replay pacing: Flink reads as fast as it can.
 */
import { extname } from 'node:path';
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { fileSourceStream } from '../common/flink-source.ts';
import type { FileSourceConfig } from './spec.ts';

function formatOf(path: string, format: FileSourceConfig['format']): 'jsonl' | 'csv' | 'json' | undefined {
  if (format !== 'auto') return format;
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.csv' || ext === '.tsv' ? 'csv' : ext === '.json' ? 'json' : undefined;
}

export const fileSourceFlink: FlinkTranslator<FileSourceConfig> = {
  kind: 'translate',
  translate: async (node, _inputs, ctx) => {
    const config = node.config;
    if (config.disorder)
      ctx.refuse('disorder replay', "the shuffle Tributary applies when replaying the file has no Flink counterpart: Flink reads the file in its order, so late records and first/last values would differ; remove `disorder` to export", 'disorder');
    const format = formatOf(config.path, config.format);
    if (format === undefined) return ctx.refuse(`file ${config.path}`, 'its format cannot be told from the extension; set `format`', 'format');
    if (format === 'json') return ctx.refuse('a JSON-array file', "Flink's json format reads one JSON object per line; convert the file to JSON Lines", 'format');
    if (config.speed !== 'max') ctx.note(`replay speed ${config.speed}× has no Flink counterpart; Flink reads the file as fast as it can.`);
    const path = ctx.param({ field: 'path', kind: 'path', value: ctx.resolvePath(config.path), description: `the ${format === 'csv' ? 'CSV' : 'JSON Lines'} file the source reads` }) as string;
    let rows: Record<string, unknown>[];
    try {
      rows = await ctx.readSample(path, format, format === 'csv' ? { delimiter: config.csv?.delimiter ?? ',', columns: config.csv?.columns } : undefined);
    } catch (error) {
      return ctx.refuse(`file ${path}`, `cannot be read to type its columns: ${(error as Error).message}`, 'path');
    }
    const columns = ctx.columnsOf(rows, `the file ${path}`);
    const out = fileSourceStream(ctx, { path, format, delimiter: config.csv?.delimiter, columns, time: config.time, watermarks: config.watermarks, comment: `${node.id}: ${path}` });
    return { out };
  },
};

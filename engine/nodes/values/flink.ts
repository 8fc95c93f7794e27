/**
 * `values` → Flink SQL: the rows, written at export into `data/<id>.jsonl` beside job.sql, read
 * by a `filesystem` table (a VALUES clause cannot carry a watermark). The file is a parameter.
 */
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { fileSourceStream } from '../common/flink-source.ts';
import type { ValuesConfig } from './spec.ts';

export const valuesFlink: FlinkTranslator<ValuesConfig> = {
  kind: 'translate',
  translate: async (node, _inputs, ctx) => {
    const columns = ctx.columnsOf(node.config.rows, 'the rows');
    const written = await ctx.writeData(node.config.rows);
    const path = ctx.param({ field: 'path', kind: 'path', value: written, description: "the node's rows, as JSON lines (written by the export)" }) as string;
    return { out: fileSourceStream(ctx, { path, format: 'jsonl', columns, time: node.config.time, watermarks: node.config.watermarks, comment: `${node.id}: ${node.config.rows.length} rows from the pipeline` }) };
  },
};

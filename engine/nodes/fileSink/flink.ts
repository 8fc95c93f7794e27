/**
 * `fileSink` → Flink SQL: a `filesystem` table with the `json` format. Its `path` is a FOLDER of
 * part files in Flink: `out/hourly.jsonl` maps to the folder `out/hourly/` (the extension
 * dropped); parts are finalized at the end of bounded input or on checkpoints, and a rerun adds
 * parts beside the old ones (clear the folder first). A sink without a path writes `out/<id>/`
 * beside the pipeline file. The folder is the parameter `<id>.path`.
 */
import { join } from 'node:path';
import type { FlinkTranslator } from '../../export/flink/translator.ts';
import { columnDefinitions, selectColumns, sinkInput } from '../common/flink-sink.ts';
import type { FileSinkConfig } from './spec.ts';

export const fileSinkFlink: FlinkTranslator<FileSinkConfig> = {
  kind: 'translate',
  translate: (node, inputs, ctx) => {
    if (node.config.mode !== 'append')
      ctx.refuse(`${node.config.mode} file sink`, "the Flink export of changelog sinks is not written yet (it would be the filesystem connector with 'debezium-json')", 'mode');
    const input = sinkInput(ctx, inputs, 'the filesystem sink');
    const value = node.config.path === undefined ? join(ctx.resolvePath('.'), 'out', node.id) : ctx.resolvePath(node.config.path);
    const folder = ctx.param({ field: 'path', kind: 'folder', value, description: "the sink's folder of part files (a .jsonl path maps to the folder without the extension)" }) as string;
    ctx.table({
      name: node.id,
      comment: `${node.id}: JSON lines in part files under ${folder}`,
      columns: columnDefinitions(ctx, input.columns),
      options: [['connector', 'filesystem'], ['path', folder], ['format', 'json']],
    });
    ctx.insert(node.id, selectColumns(ctx, input.columns, input.from));
    ctx.sink({ connector: 'filesystem', folder });
    return {};
  },
};

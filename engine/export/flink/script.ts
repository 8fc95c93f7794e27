/**
 * Assembles `job.sql`, a script Flink 1.20's SQL client runs as it is (`sql-client.sh -f
 * job.sql`): `SET` lines, the tables and views node by node, and one `EXECUTE STATEMENT SET
 * BEGIN … END;` with an `INSERT INTO` per sink. The client ends a statement only at a `;` that
 * ends a line, so every statement ends with `;` + newline and nothing else does; string values
 * with line breaks are refused earlier.
 *
 * SET lines: the pipeline name, `parallelism.default` (the pipeline's `settings.parallelism`,
 * default 1), the session time zone UTC (event times are read and windows aligned in UTC, as
 * Tributary does), the auto-watermark interval of the sources, and, when the pipeline
 * checkpoints or a sink needs it, the checkpoint interval with a bounded restart strategy (with
 * checkpointing on, Flink's default restarts a failing job forever).
 */
import type { PipelineDocument } from '../../pipeline/document.ts';
import { durationOption } from './intervals.ts';
import type { FlinkJobModel } from './job-model.ts';
import { sqlString } from './sql-types.ts';

/** The SET lines of a job, as `[key, value]`. */
export function jobSettings(job: FlinkJobModel, document: PipelineDocument): [string, string][] {
  const sets: [string, string][] = [
    ['pipeline.name', document.name],
    ['parallelism.default', String(document.settings.parallelism ?? 1)],
    ['table.local-time-zone', 'UTC'],
  ];
  const intervals = [...job.watermarkIntervals];
  if (intervals.length > 0) sets.push(['pipeline.auto-watermark-interval', durationOption(Math.min(...intervals))]);
  const checkpointMs = document.checkpoint?.intervalMs ?? (job.needsCheckpoints ? 1000 : undefined);
  if (checkpointMs !== undefined) {
    sets.push(
      ['execution.checkpointing.interval', durationOption(checkpointMs)],
      ['restart-strategy.type', 'fixed-delay'],
      ['restart-strategy.fixed-delay.attempts', '3'],
      ['restart-strategy.fixed-delay.delay', '10 s'],
    );
  }
  return sets;
}

/** The whole script. `header` lines become `--` comments at the top. */
export function jobScript(job: FlinkJobModel, document: PipelineDocument, header: readonly string[]): string {
  const lines: string[] = [...header.map((h) => `-- ${h}`), ''];
  for (const [k, v] of jobSettings(job, document)) lines.push(`SET ${sqlString(k)} = ${sqlString(v)};`);
  let last: string | undefined;
  for (const s of job.statements) {
    if (s.nodeId !== last) lines.push('', `-- node ${s.nodeId}`);
    last = s.nodeId;
    lines.push(s.sql);
  }
  lines.push('', 'EXECUTE STATEMENT SET', 'BEGIN');
  for (const i of job.inserts) lines.push(i.sql);
  lines.push('END;', '');
  return lines.join('\n');
}

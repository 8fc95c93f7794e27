/**
 * The README written beside `job.sql`: how to run it on a cluster and locally, what it reads and
 * writes (a file sink's path is a folder of part files), its parameters, the warnings of the
 * export (differences only late data shows), the notes of the translators, and the standing
 * differences between the Flink job and the embedded engine.
 */
import type { Problem } from '../../pipeline/problems.ts';
import type { FlinkJobModel, FlinkParam } from './job-model.ts';
import { SUBSET_SUMMARY } from './code/subset.ts';

export interface FlinkReadmeInfo {
  name: string;
  description?: string;
  sourceFile: string;
  job: FlinkJobModel;
  settings: readonly [string, string][];
}

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';

function value(p: FlinkParam): string {
  return code(typeof p.used === 'string' ? p.used : p.used.join(','));
}

function warnings(list: readonly Problem[]): string[] {
  if (list.length === 0) return ['None: the export found no construct whose results depend on late data.'];
  return list.map((w) => `- node ${code(w.nodeId ?? '')}${w.field ? `, ${w.field}` : ''}: ${w.message}`);
}

/** The README.md of a Flink export. */
export function flinkReadme(info: FlinkReadmeInfo): string {
  const { job } = info;
  const sinks = job.sinks.map((s) =>
    s.connector === 'filesystem'
      ? `- ${code(s.nodeId)} writes JSON lines into part files in the folder ${code(s.folder ?? '')} (Flink's filesystem sink: parts are finalized at the end of bounded input or on checkpoints; a rerun adds parts beside the old ones, so empty the folder first; a sink that gets no rows creates no folder)`
      : s.connector === 'kafka' || s.connector === 'upsert-kafka'
        ? `- ${code(s.nodeId)} writes to Kafka topic ${code(s.topic ?? '')} (${s.connector})`
        : `- ${code(s.nodeId)}: ${s.connector} connector`,
  );
  return [
    `# ${info.name} — Apache Flink SQL job`,
    '',
    ...(info.description ? [info.description, ''] : []),
    `Exported from ${code(info.sourceFile)} with ${code('tributary export --target flink')}. ${code('job.sql')} is a script for Flink 1.20's SQL client.`,
    '',
    '## Run it',
    '',
    'On a cluster (a session cluster the SQL client can reach; the Kafka connector jar `flink-sql-connector-kafka-3.4.0-1.20.jar` in `lib/` if the job uses Kafka):',
    '',
    '```sh',
    './bin/sql-client.sh -f job.sql',
    '```',
    '',
    "The client submits the statement set and returns. In Flink 1.20 it exits 0 even when a statement fails: read its output for `[ERROR]`. Locally, a Flink 1.20 distribution started with `./bin/start-cluster.sh` runs it the same way; `tributary flink-check` runs it on a local Flink and compares the output with Tributary's.",
    '',
    'Settings (the `SET` lines at the top of job.sql):',
    '',
    ...info.settings.map(([k, v]) => `- ${code(k)} = ${code(v)}`),
    '',
    '## What it writes',
    '',
    ...(sinks.length > 0 ? sinks : ['- nothing']),
    '',
    '## Parameters',
    '',
    `Every path, topic and broker list is a parameter; ${code('params.json')} lists the values written into job.sql. To change one, export again with ${code('--param name=value')} (relative paths resolve against the current directory; lists are comma-separated or a JSON array), or edit job.sql. Paths in job.sql are absolute: Flink resolves relative paths against its JVM's working directory.`,
    '',
    '| parameter | kind | value in job.sql | what |',
    '| --- | --- | --- | --- |',
    ...job.params.map((p) => `| ${code(p.name)} | ${p.kind} | ${value(p)} | ${p.description.replace(/\|/g, '\\|')} |`),
    '',
    '## Warnings',
    '',
    ...warnings(job.warnings()),
    '',
    '## Notes',
    '',
    ...(job.notes.length > 0 ? job.notes.map((n) => `- node ${code(n.nodeId)}: ${n.text}`) : ['- none']),
    '',
    '## How the Flink job differs from the embedded engine',
    '',
    "- Late records: Flink SQL drops a record behind the watermark silently (there is no `late` output), and its watermark assigner also emits a watermark whenever the watermark moved by more than `pipeline.auto-watermark-interval` of event time, so which records are late may differ from the embedded engine's periodic watermarks. Rows are the same when no record arrives later than its source's watermark bound.",
    "- Bad input: a JSON line that is not JSON is skipped and a field that does not fit its column becomes NULL (`'json.ignore-parse-errors'`); a row whose event time cannot be read is dropped. Tributary sends all of these to the source's `errors` output, which has no Flink counterpart.",
    '- Columns: Flink SQL declares every column. They were typed from the first records of each source (up to 100,000 records or 64 MiB); fields that appear only later are not read.',
    '- Null and missing fields are the same in Flink (NULL); in JSON output a NULL is written as `null`.',
    '',
    '## Code translated to SQL',
    '',
    ...SUBSET_SUMMARY,
    '',
  ].join('\n');
}

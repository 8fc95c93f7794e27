/**
 * The README generated into each job bundle: what the pipeline reads and writes, its
 * parameters (with their environment variables), how to install, run, stop and restore it,
 * and its metrics.
 */
import type { ValidPipeline } from '../pipeline/validate.ts';
import { USAGE } from './job-args.ts';
import { shownValue, type JobParam } from './params.ts';

export interface ReadmeInfo {
  pipeline: ValidPipeline;
  /** File name of the exported pipeline. */
  sourceFile: string;
  params: readonly JobParam[];
  dependencies: Readonly<Record<string, string>>;
  jobBytes: number;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function current(p: JobParam): string {
  const shown = shownValue(p);
  return shown === undefined ? '(not set)' : code(shown);
}

function ioSection(info: ReadmeInfo): string[] {
  const lines: string[] = [];
  const byNode = new Map<string, JobParam[]>();
  for (const p of info.params) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  const describe = (category: string, verb: string): void => {
    for (const node of info.pipeline.nodes.filter((n) => n.spec.category === category)) {
      const params = byNode.get(node.id) ?? [];
      const where = params.length > 0 ? params.map((p) => `${p.field} ${current(p)} (parameter ${code(p.name)})`).join(', ') : 'no external location';
      lines.push(`- ${verb} ${code(node.id)} — ${node.spec.label} (${code(node.type)}): ${where}`);
    }
  };
  describe('source', 'reads');
  for (const node of info.pipeline.nodes.filter((n) => n.spec.category !== 'source' && n.spec.category !== 'sink' && byNode.has(n.id)))
    lines.push(`- ${node.spec.label.toLowerCase()} ${code(node.id)} (${code(node.type)}) uses ${(byNode.get(node.id) ?? []).map((p) => `${p.field} ${current(p)} (parameter ${code(p.name)})`).join(', ')}`);
  describe('sink', 'writes');
  return lines;
}

function paramsSection(params: readonly JobParam[]): string[] {
  if (params.length === 0) return ['This pipeline has no parameters.'];
  const kinds: Record<JobParam['kind'], string> = { path: 'file path', list: 'comma-separated list', text: 'text', secret: 'secret (set its environment variable)' };
  return [
    '| parameter | environment variable | kind | value in pipeline.json | what |',
    '| --- | --- | --- | --- | --- |',
    ...params.map((p) => `| ${code(p.name)} | ${code(p.env)} | ${kinds[p.kind]} | ${current(p)} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`),
  ];
}

/** The bundle's README.md. */
export function bundleReadme(info: ReadmeInfo): string {
  const doc = info.pipeline.document;
  const example = info.params.filter((p) => p.kind !== 'secret').map((p) => ` \\\n  --param ${p.name}=${p.kind === 'path' ? `/data/${p.nodeId}${p.field === 'table' ? '.csv' : '.jsonl'}` : p.kind === 'list' ? 'host1:9092,host2:9092' : 'VALUE'}`).join('');
  const deps = Object.entries(info.dependencies).map(([n, v]) => `${n} ${v}`).join(', ') || 'none';
  const interval = doc.checkpoint?.intervalMs;
  return [
    `# ${doc.name} — Tributary job bundle`,
    '',
    ...(doc.description ? [doc.description, ''] : []),
    `Exported from ${code(info.sourceFile)} with ${code('tributary export')}. It runs with plain Node (20 or newer):`,
    `${code('job.mjs')} (${(info.jobBytes / 1024).toFixed(0)} KiB) holds the engine, the connectors and the pipeline's compiled code; the`,
    `only packages it installs are its runtime dependencies (${deps}).`,
    '',
    '## What it reads and writes',
    '',
    ...ioSection(info),
    '',
    `Relative paths inside ${code('pipeline.json')} resolve against this folder; relative paths given as`,
    'parameters resolve against the current directory.',
    '',
    '## Parameters',
    '',
    ...paramsSection(info.params),
    '',
    `Set them with ${code('--param name=value')} (repeatable), with environment variables — ${code('TRIBUTARY_PARAM_')}`,
    'followed by the parameter name upper-cased, every character that is not a letter or digit',
    `(the dot too) turned into ${code('_')}: ${code('hourly.path')} → ${code('TRIBUTARY_PARAM_HOURLY_PATH')} — or with`,
    `${code('--params-file FILE')} (a JSON object like ${code('params.example.json')}). ${code('--param')} wins over the environment,`,
    'which wins over the params file, which wins over pipeline.json. Lists (brokers, topics) are comma-separated',
    `or a JSON array. ${code('node job.mjs --list-params')} prints them all.`,
    '',
    '## Run',
    '',
    '```sh',
    'npm ci --omit=dev',
    `node job.mjs --checkpoint-dir state${example}`,
    '```',
    '',
    'Progress, checkpoints and restores are logged on stderr; at the end the job prints a per-node',
    'table (records in, accepted, filtered, late, errors, out, watermark) and exits 0, or 1 when the',
    'pipeline is invalid, the run fails or a node does not balance; 2 for bad usage.',
    '',
    '```',
    USAGE,
    '```',
    '',
    '## Checkpoints, stop and restore',
    '',
    `With ${code('--checkpoint-dir DIR')} the job takes aligned checkpoints into an embedded LevelDB in DIR every`,
    `${interval !== undefined ? `${interval} ms (the pipeline's setting)` : '1000 ms'} of processing time (${code('--checkpoint-interval')} changes it), and file sinks`,
    'write exactly once: their output grows only when a checkpoint completes.',
    '',
    `- Restarted with the same ${code('--checkpoint-dir')} (after a crash, a kill, a reboot), it resumes from the latest`,
    `  complete checkpoint; output equals that of a run that never failed. ${code('--restore ID')} picks a checkpoint,`,
    `  ${code('--fresh')} starts over. A damaged checkpoint is skipped for the previous one.`,
    `- SIGTERM or SIGINT (Ctrl-C) stops the job gracefully: it takes a savepoint into`,
    `  ${code('DIR/savepoints/savepoint-<time>')}, logs ${code('savepoint written: <path>')}, stops and exits 0. Resume it with`,
    `  ${code('node job.mjs --checkpoint-dir DIR --restore DIR/savepoints/savepoint-<time> ...')}. A second signal stops at once.`,
    `- Savepoints map state by node id; after editing the pipeline, ${code('--allow-non-restored-state')} drops the`,
    '  state of nodes that are gone or changed shape.',
    '',
    `User code that does not return within ${doc.settings.udfTimeoutMs} ms kills the job (exit by SIGKILL, the reason on stderr).`,
    '',
    '## Metrics',
    '',
    `${code('--metrics-port N')} serves Prometheus text format on ${code('http://127.0.0.1:N/metrics')} (${code('0')} picks a free port`,
    'and logs it): per node (labels `node`, `type`) `tributary_node_records_in_total`,',
    '`tributary_node_records_out_total`, `tributary_node_records_filtered_total`, `tributary_node_records_late_total`,',
    '`tributary_node_records_errors_total`, `tributary_node_records_emitted_total{port}`,',
    '`tributary_node_input_watermark_milliseconds`, `tributary_node_output_watermark_milliseconds`,',
    '`tributary_node_state_keys`; for the job `tributary_checkpoints_completed_total`,',
    '`tributary_checkpoint_last_duration_milliseconds`, `tributary_checkpoint_last_alignment_milliseconds`,',
    '`tributary_checkpoint_last_size_bytes`, `tributary_checkpoint_last_id`, `tributary_job_uptime_seconds`.',
    '',
    '## Files',
    '',
    `- ${code('job.mjs')} — the job (engine, connectors, compiled user code)`,
    `- ${code('pipeline.json')} — the pipeline document; config may be edited, code changes need a new export`,
    `- ${code('package.json')}, ${code('package-lock.json')} — runtime dependencies at exact versions`,
    `- ${code('params.example.json')} — every parameter with its value in the pipeline`,
    '',
  ].join('\n');
}

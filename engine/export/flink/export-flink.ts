/**
 * `tributary export --target flink`: validates the pipeline (as `tributary validate`, code
 * compiled and never run), translates every node to Flink SQL, and writes
 * `DIR/job.sql` (see `script.ts`), `DIR/README.md`, `DIR/params.json` and the data files of
 * `values`/`generator` nodes (`DIR/data/<id>.jsonl`). A refused node, or a warning with
 * `strict`, writes nothing and returns every problem.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { validatePipeline } from '../../nodes/load.ts';
import type { Problem } from '../../pipeline/problems.ts';
import type { FlinkJobModel, FlinkParam, FlinkSinkInfo } from './job-model.ts';
import { flinkReadme } from './readme.ts';
import { jobScript, jobSettings } from './script.ts';
import { translatePipeline } from './translate-pipeline.ts';

export interface FlinkExportOptions {
  /** The parsed pipeline document. */
  document: unknown;
  /** The file name the README names as the source (`delays.pipeline.json`). */
  sourceFile: string;
  /** Folder the document's relative paths resolve against. */
  baseDir: string;
  /** The export folder (created; its files are replaced). */
  outDir: string;
  /** Warnings refuse the export too. */
  strict?: boolean;
  /** `name=value` parameter assignments (`--param`). */
  params?: readonly string[];
  /** Folder relative `--param` paths resolve against (default: the process's). */
  cwd?: string;
  /** Sample files (JSON lines) by source node id, for Kafka sources (`--sample`). */
  samples?: Readonly<Record<string, string>>;
  /** An export made by `flink-check` (its README says so). */
  forCheck?: boolean;
}

export type FlinkExportResult =
  | { ok: false; kind: 'invalid'; problems: Problem[] }
  | { ok: false; kind: 'refused'; problems: Problem[]; warnings: Problem[] }
  | { ok: true; dir: string; files: { name: string; bytes: number }[]; warnings: Problem[]; script: string; sinks: FlinkSinkInfo[]; params: FlinkParam[] };

function parseAssignments(assignments: readonly string[]): { values: Map<string, string>; problems: Problem[] } {
  const values = new Map<string, string>();
  const problems: Problem[] = [];
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) problems.push({ code: 'TRB015', field: '--param', message: `--param ${a}: expected name=value, e.g. flights.path=/data/flights.jsonl` });
    else values.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return { values, problems };
}

function unknownParams(job: FlinkJobModel, given: ReadonlyMap<string, string>): Problem[] {
  const known = new Set(job.params.map((p) => p.name));
  return [...given.keys()]
    .filter((name) => !known.has(name))
    .map((name) => ({ code: 'TRB015' as const, field: '--param', message: `--param ${name}: unknown parameter (known: ${[...known].join(', ') || 'none'})` }));
}

/**
 * Exports a parsed document as a Flink SQL job.
 * @returns the validation problems, the refusals, or the files written with their sizes.
 * @throws Error when a file cannot be written.
 */
export async function exportFlink(options: FlinkExportOptions): Promise<FlinkExportResult> {
  const valid = validatePipeline(options.document);
  if (!valid.ok) return { ok: false, kind: 'invalid', problems: valid.problems };
  const document = valid.pipeline.document;
  const dir = resolve(options.outDir);
  const assignments = parseAssignments(options.params ?? []);
  const job = await translatePipeline(valid.pipeline, {
    pipelineName: document.name,
    baseDir: resolve(options.baseDir),
    outDir: dir,
    params: assignments.values,
    cwd: options.cwd ?? process.cwd(),
    forCheck: options.forCheck === true,
    samples: new Map(Object.entries(options.samples ?? {})),
  });
  const refusals = [...assignments.problems, ...job.refusals(), ...(job.refusals().length === 0 ? unknownParams(job, assignments.values) : [])];
  const warnings = job.warnings();
  if (refusals.length > 0 || (options.strict && warnings.length > 0)) {
    const strictRefusals = options.strict ? warnings.map((w) => ({ ...w, code: 'TRB015' as const, message: `${w.message} (refused by --strict)` })) : [];
    return { ok: false, kind: 'refused', problems: [...refusals, ...strictRefusals], warnings: options.strict ? [] : warnings };
  }
  const header = [
    `${document.name}: a Flink 1.20 SQL job exported by \`tributary export --target flink\` from ${options.sourceFile}${options.forCheck ? ' (for tributary flink-check)' : ''}.`,
    'Run it with: sql-client.sh -f job.sql   (README.md says more)',
  ];
  const script = jobScript(job, document, header);
  const params = Object.fromEntries(job.params.map((p) => [p.name, p.used]));
  const files: [string, string][] = [
    ['job.sql', script],
    ['README.md', flinkReadme({ name: document.name, description: document.description, sourceFile: options.sourceFile, job, settings: jobSettings(job, document) })],
    ['params.json', JSON.stringify(params, null, 2) + '\n'],
    ...job.dataFiles.map((f): [string, string] => [f.name, f.content]),
  ];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return { ok: true, dir, files: files.map(([name, content]) => ({ name, bytes: Buffer.byteLength(content) })), warnings, script, sinks: job.sinks, params: job.params };
}

/**
 * "Check against Flink": exports the pipeline, runs the job on a local Apache Flink
 * (`engine/flink/`, Flink 1.20.3 from Maven Central, Java 17), runs the same pipeline over the
 * same sample on the embedded engine (`launchJob`, so the pipeline's code runs: the caller
 * checks workspace trust first), and compares every sink's rows as multisets (`sink-diff.ts`).
 * Used by `tributary flink-check` and the studio's host (`flinkCheck` call), which pass a
 * progress callback.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flinkAvailability, startFlinkRunner, type FlinkRunner } from '../../../flink/flink-runner.ts';
import { clearSinkFolder, readSinkRows } from '../../../flink/sink-files.ts';
import { launchJob } from '../../../launch/launch-job.ts';
import { jobRuntime } from '../../../launch/runtime-bundle.ts';
import type { Problem } from '../../../pipeline/problems.ts';
import { compileUserCode } from '../../../udf/compile.ts';
import { exportFlink } from '../export-flink.ts';
import { checkDocument } from './check-document.ts';
import { diffSink, type SinkDiff, type SinkRow } from './sink-diff.ts';

/** The steps of a check, in order, for a progress indicator. */
export const CHECK_PHASES = ['export', 'flink-start', 'flink-run', 'tributary-run', 'compare'] as const;
export type CheckPhase = (typeof CHECK_PHASES)[number];

export interface FlinkCheckOptions {
  /** The parsed pipeline document. */
  document: unknown;
  /** Folder the document's relative paths resolve against. */
  baseDir: string;
  /** The file name the export's README names. */
  sourceFile: string;
  /** Sample files by source node id (`--input node=FILE`), absolute. */
  inputs?: Readonly<Record<string, string>>;
  /**
   * A running Flink runner to use (tests share one), or a function giving one when the export
   * succeeded (the studio's host keeps one between checks); else one is started and stopped.
   */
  runner?: FlinkRunner | (() => Promise<FlinkRunner>);
  /** Milliseconds the Flink job may take (default 10 min). */
  timeoutMs?: number;
  /** Keep the work folder (export, both outputs) instead of deleting it; its path is in the result. */
  keep?: boolean;
}

export type FlinkCheckResult =
  | { status: 'invalid'; problems: Problem[] }
  | { status: 'refused'; problems: Problem[]; warnings: Problem[] }
  | { status: 'unavailable'; message: string }
  | { status: 'failed'; engine: 'flink' | 'tributary' | 'check'; message: string; workDir?: string }
  | { status: 'compared'; equal: boolean; sinks: SinkDiff[]; warnings: Problem[]; flinkMs: number; tributaryMs: number; script: string; workDir?: string };

export type CheckProgress = (phase: CheckPhase, message: string) => void;

async function tributaryRows(path: string): Promise<SinkRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return []; // a sink that got no row writes no file
  }
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as SinkRow);
}

/** Runs the check. Never throws for a pipeline's problems; they are the result. */
export async function runFlinkCheck(options: FlinkCheckOptions, progress: CheckProgress = () => undefined): Promise<FlinkCheckResult> {
  const rewritten = checkDocument(options.document, options.inputs ?? {});
  if (!rewritten.ok) return { status: 'failed', engine: 'check', message: rewritten.message };
  if (typeof options.runner !== 'object') {
    const available = flinkAvailability();
    if (!available.ok) return { status: 'unavailable', message: `a local Apache Flink cannot run here: ${available.reason}` };
  }
  const work = await mkdtemp(join(tmpdir(), 'tributary-flink-check-'));
  const keep = options.keep ? { workDir: work } : {};
  try {
    progress('export', 'exporting the pipeline as a Flink SQL job');
    const folders = Object.fromEntries(rewritten.sinks.map((id) => [id, join(work, 'flink', id)]));
    const exported = await exportFlink({
      document: rewritten.document,
      sourceFile: options.sourceFile,
      baseDir: options.baseDir,
      outDir: join(work, 'export'),
      params: Object.entries(folders).map(([id, folder]) => `${id}.path=${folder}`),
      forCheck: true,
    });
    if (!exported.ok) return exported.kind === 'invalid' ? { status: 'invalid', problems: exported.problems } : { status: 'refused', problems: exported.problems, warnings: exported.warnings };
    for (const folder of Object.values(folders)) await clearSinkFolder(folder);

    const own = options.runner === undefined;
    let runner: FlinkRunner;
    if (typeof options.runner === 'object') runner = options.runner;
    else {
      progress('flink-start', own ? 'starting a local Apache Flink (the first time: fetching its jars from Maven Central)' : 'starting or reusing the local Apache Flink (started once per session)');
      runner = options.runner ? await options.runner() : await startFlinkRunner({ parallelism: (rewritten.document.settings as { parallelism?: number } | undefined)?.parallelism ?? 1 });
    }
    let flinkMs: number;
    try {
      progress('flink-run', `running job.sql on Flink ${runner.flinkVersion}`);
      const result = await runner.runSql(exported.script, { timeoutMs: options.timeoutMs ?? 600_000 });
      flinkMs = result.durationMs;
      if (!result.ok) return { status: 'failed', engine: 'flink', message: result.error ?? 'the Flink job did not finish', ...keep };
    } finally {
      if (own) await runner.stop();
    }

    progress('tributary-run', 'running the pipeline on the embedded engine');
    const started = performance.now();
    const outDir = join(work, 'tributary');
    const run = launchJob({ document: rewritten.document, compileCode: compileUserCode, runtime: jobRuntime(), baseDir: options.baseDir, outDir });
    const outcome = await run.outcome;
    const tributaryMs = performance.now() - started;
    if (outcome.kind === 'invalid') return { status: 'invalid', problems: outcome.problems };
    if (outcome.kind === 'failed') return { status: 'failed', engine: 'tributary', message: `${outcome.error.code} ${outcome.error.message}`, ...keep };

    progress('compare', 'comparing the sinks');
    const sinks: SinkDiff[] = [];
    for (const id of rewritten.sinks) sinks.push(diffSink(id, await tributaryRows(join(outDir, `${id}.jsonl`)), await readSinkRows(folders[id] as string)));
    return { status: 'compared', equal: sinks.every((s) => s.equal), sinks, warnings: exported.warnings, flinkMs, tributaryMs, script: exported.script, ...keep };
  } catch (error) {
    return { status: 'failed', engine: 'check', message: (error as Error).message, ...keep };
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

/**
 * The host's Apache Flink calls: `exportFlink` (File → Export → Apache Flink) writes a Flink
 * SQL job into a workspace folder; `flinkCheck` ("Check against Flink") runs the shared check
 * (`engine/export/flink/check/flink-check.ts`) with progress events. The host keeps one local
 * Flink (a runner JVM) after the first check, so later checks skip its start-up; it is stopped
 * when the host is disposed. One check runs at a time: a second is refused with a sentence.
 */
import { slug } from '../export/bundle.ts';
import { exportFlink } from '../export/flink/export-flink.ts';
import { runFlinkCheck, type CheckPhase } from '../export/flink/check/flink-check.ts';
import { startFlinkRunner, type FlinkRunner } from '../flink/flink-runner.ts';
import { formatProblem } from '../pipeline/problems.ts';
import type { CallArgsParsed, CallResult, HostEvent } from './protocol.ts';

/** The pipeline's name in a (possibly invalid) document, else `pipeline`. */
function documentName(document: unknown): string {
  const name = typeof document === 'object' && document !== null ? (document as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : 'pipeline';
}

/**
 * Exports `args.document` as a Flink SQL job. `inside` resolves a workspace path (refusing any
 * outside). @throws Error listing the problems or refusals.
 */
export async function exportFlinkCall(args: CallArgsParsed<'exportFlink'>, inside: (path: string) => string): Promise<Omit<CallResult<'exportFlink'>, 'shown'>> {
  const name = slug(documentName(args.document));
  const result = await exportFlink({ document: args.document, sourceFile: `${name}.pipeline.json`, baseDir: inside(args.baseDir), outDir: inside(args.outDir ?? `exports/${name}-flink`), strict: args.strict });
  if (!result.ok) {
    const what = result.kind === 'invalid' ? 'the pipeline has' : 'Flink SQL cannot express';
    const count = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
    throw new Error(`Flink export refused: ${what} ${count}:\n${result.problems.map(formatProblem).join('\n')}`);
  }
  return { dir: result.dir, files: result.files, warnings: result.warnings };
}

/** Runs checks for a host: one at a time, on a Flink runner kept between checks. */
export class FlinkCheckService {
  private runner: { runner: FlinkRunner; parallelism: number } | undefined;
  private starting: Promise<FlinkRunner> | undefined;
  private busy = false;

  constructor(private readonly emit: (event: HostEvent) => void) {}

  private async runnerFor(parallelism: number): Promise<FlinkRunner> {
    if (this.runner && this.runner.parallelism >= parallelism) return this.runner.runner;
    await this.runner?.runner.stop();
    this.runner = undefined;
    this.starting ??= startFlinkRunner({ parallelism }).finally(() => (this.starting = undefined));
    const runner = await this.starting;
    this.runner = { runner, parallelism };
    return runner;
  }

  /**
   * Runs one check. `inside` resolves workspace paths; the caller has checked trust.
   * @throws Error when another check is running.
   */
  async check(args: CallArgsParsed<'flinkCheck'>, inside: (path: string) => string): Promise<CallResult<'flinkCheck'>> {
    if (this.busy) throw new Error('flinkCheck refused: a check against Flink is already running; wait for it to end');
    this.busy = true;
    const progress = (phase: CheckPhase, message: string): void => this.emit({ type: 'flinkCheckProgress', checkId: args.checkId, phase, message });
    try {
      const parallelism = (args.document as { settings?: { parallelism?: unknown } } | null)?.settings?.parallelism;
      const inputs = Object.fromEntries(Object.entries(args.inputs).map(([id, path]) => [id, inside(path)]));
      const result = await runFlinkCheck(
        {
          document: args.document,
          baseDir: inside(args.baseDir),
          sourceFile: `${slug(documentName(args.document))}.pipeline.json`,
          inputs,
          runner: () => this.runnerFor(typeof parallelism === 'number' && parallelism > 0 ? parallelism : 1),
        },
        progress,
      );
      switch (result.status) {
        case 'compared':
          return { status: 'compared', equal: result.equal, sinks: result.sinks, problems: [], warnings: result.warnings, flinkMs: result.flinkMs, tributaryMs: result.tributaryMs };
        case 'invalid':
          return { status: 'invalid', sinks: [], problems: result.problems, warnings: [] };
        case 'refused':
          return { status: 'refused', sinks: [], problems: result.problems, warnings: result.warnings };
        case 'unavailable':
          return { status: 'unavailable', message: result.message, sinks: [], problems: [], warnings: [] };
        case 'failed':
          return { status: 'failed', engine: result.engine, message: result.message, sinks: [], problems: [], warnings: [] };
      }
    } finally {
      this.busy = false;
    }
  }

  /** Stops the kept Flink runner. */
  async dispose(): Promise<void> {
    const starting = this.starting;
    await this.runner?.runner.stop();
    this.runner = undefined;
    if (starting) await starting.then((r) => r.stop(), () => undefined);
  }
}

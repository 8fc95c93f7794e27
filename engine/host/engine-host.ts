/**
 * The engine host: implements the editor protocol (`protocol.ts`) over any transport. A
 * transport hands it parsed requests (`handle`) and forwards its events (`onEvent`). Runs go to
 * sandboxed job processes (`launchJob`); each run writes its file sinks to its own
 * output folder, like `tributary run --out DIR`, so the editor can page through what a sink
 * wrote. Files are read only inside the workspace root, and job bundles (File → Export) are
 * written only there.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { validatePipeline } from '../nodes/load.ts';
import { nodeTypeSpec } from '../nodes/catalog.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { SchemaColumn } from '../pipeline/node-spec.ts';
import type { CallArgsParsed, CallName, CallResult, HostEvent, Request, Response } from './protocol.ts';
import { launchJob, type LaunchedJob } from '../launch/launch-job.ts';
import { jobRuntime } from '../launch/runtime-bundle.ts';
import { isPipelineTrusted, trustFolder } from '../launch/trust.ts';
import { compileUserCode } from '../udf/compile.ts';
import { TributaryError } from '../pipeline/errors.ts';
import { testFileNameFor } from '../pipeline/pipeline-test.ts';
import { exportBundleCall } from './export-call.ts';
import { acceptGoldenCall, compareWithSavedCall, runTestsCall, type TestsCallContext } from './tests-calls.ts';
import { exportFlinkCall, FlinkCheckService } from './flink-calls.ts';
import { kafkaCheckCall } from './kafka-check-call.ts';
import { StateService } from './state-calls.ts';
import { readFileSchema } from '../connectors/formats/read-file-schema.ts';
import type { Compression, FileFormat } from '../connectors/formats/detect.ts';
import type { FileColumn } from '../connectors/formats/file-schema.ts';
import { pathsOutsideWorkspace } from './workspace-paths.ts';
import { debugCalls, debugDocument, sourceBounds, type DebuggedRun } from './debug-calls.ts';

export interface EngineHostOptions {
  /** Workspace root: examples and data are read below it. */
  root: string;
  /** Minimum time between metrics events of one run (default 100 ms: ten a second). */
  metricsIntervalMs?: number;
}

interface ActiveRun extends DebuggedRun {
  worker: LaunchedJob;
  outDir: string;
  done: boolean;
  /** The checkpoint store's folder (absolute), when the run takes checkpoints. */
  checkpointDir?: string;
  /** The same, as the editor named it (workspace path). */
  checkpointPath?: string;
}

type Handlers = { [C in CallName]: (args: CallArgsParsed<C>) => Promise<CallResult<C>> };
type Listener = (event: HostEvent) => void;

const KEEP_RUNS = 5;

export class EngineHost {
  private readonly root: string;
  private readonly runs = new Map<string, ActiveRun>();
  private readonly listeners = new Set<Listener>();
  private readonly schemaCache = new Map<string, Record<string, unknown>[]>();
  private nextRun = 1;
  private readonly flink = new FlinkCheckService((event) => this.emit(event));
  private readonly state = new StateService(
    (path) => this.inside(path),
    (dir) => [...this.runs.values()].some((r) => !r.done && r.checkpointDir === dir),
  );

  constructor(private readonly options: EngineHostOptions) {
    this.root = resolve(options.root);
  }

  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Answers one (already schema-validated) request; never rejects. */
  async handle(request: Request): Promise<Response> {
    try {
      const handler = this.handlers[request.call] as (args: unknown) => Promise<unknown>;
      return { kind: 'response', id: request.id, ok: true, result: await handler(request.args) };
    } catch (error) {
      return { kind: 'response', id: request.id, ok: false, error: (error as Error).message };
    }
  }

  /** Stops every run and removes their output folders. */
  async dispose(): Promise<void> {
    for (const run of this.runs.values()) run.worker.stop();
    await Promise.all([...this.runs.values()].map((r) => r.worker.outcome.then(() => rm(r.outDir, { recursive: true, force: true }))));
    this.runs.clear();
    await this.flink.dispose();
    await this.state.dispose();
  }

  /**
   * Stops one run if it is still going, waits for it to end and removes its output folder; the
   * run is forgotten (`sinkRows` no longer finds it). For a transport whose client went away: the
   * web host calls it for every run of a connection that closed. An unknown id is ignored.
   * Never rejects.
   */
  async releaseRun(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    run.worker.stop();
    await run.worker.outcome;
    await rm(run.outDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private emit(event: HostEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Resolves a workspace-relative path; refuses anything outside the root. */
  private inside(path: string): string {
    const abs = resolve(this.root, path);
    if (abs !== this.root && !abs.startsWith(this.root + sep)) throw new Error(`${path}: outside the workspace`);
    return abs;
  }

  private readonly testsContext: TestsCallContext = {
    pipelineFile: (path) => this.pipelineFile(path),
    inside: (path) => this.inside(path),
    shown: (path) => this.shown(path),
  };

  private readonly handlers: Handlers = {
    validate: async ({ document }) => {
      const result = validatePipeline(document);
      const columns = (cs: readonly SchemaColumn[]): SchemaColumn[] => cs.map((c) => ({ ...c }));
      const schemas = Object.fromEntries(
        Object.entries(result.schemas).map(([id, s]) => [id, { inputs: Object.fromEntries(Object.entries(s.inputs).map(([port, cs]) => [port, columns(cs)])), ...(s.output ? { output: columns(s.output) } : {}) }]),
      );
      return { problems: result.ok ? [] : result.problems, schemas };
    },
    run: async ({ document, baseDir, speed, documentPath, checkpointing, restore, allowNonRestoredState, debug }) => {
      const checked = validatePipeline(document);
      if (!checked.ok) return { started: false as const, problems: checked.problems };
      this.requireTrust(documentPath);
      if (restore && 'checkpoint' in restore && !checkpointing) throw new Error(`restoring checkpoint ${restore.checkpoint} needs checkpointing on: the checkpoint is read from its store`);
      const runId = `run-${this.nextRun++}`;
      const base = this.inside(baseDir); // before mkdtemp: a refused baseDir must not leave a folder
      const outside = pathsOutsideWorkspace(checked.pipeline, base, this.root);
      if (outside.length > 0) return { started: false as const, problems: outside };
      const restoreArg = restore === undefined ? undefined : 'checkpoint' in restore ? String(restore.checkpoint) : this.inside(restore.savepoint);
      const outDir = await mkdtemp(join(tmpdir(), 'tributary-run-'));
      // A savepoint is restored through a checkpoint store: without one of the user's, a scratch
      // store in the run's own folder (the launcher restores nothing without a store).
      const checkpointDir = checkpointing ? this.inside(checkpointing.dir) : restoreArg !== undefined ? join(outDir, '.checkpoints') : undefined;
      const worker = launchJob(
        {
          document: debug ? debugDocument(document, checked.pipeline, debug.watermarks) : document,
          ...(debug ? { debug: { startPaused: debug.startPaused } } : {}),
          compileCode: compileUserCode,
          runtime: jobRuntime(),
          baseDir: base,
          outDir,
          // 'sources': every source keeps its own `speed` field.
          speed: speed === 'sources' ? undefined : speed,
          checkpointDir,
          checkpointIntervalMs: checkpointing?.intervalMs,
          // The studio never resumes silently: a run restores only the point the user chose.
          ...(restoreArg === undefined ? { fresh: checkpointDir !== undefined } : { restore: restoreArg }),
          allowNonRestoredState,
        },
        {
          onStarted: ({ nodeIds }) => this.emit({ type: 'runStarted', runId, nodeIds }),
          onMetrics: this.throttledMetrics(runId),
          onLog: (message) => this.emit({ type: 'log', runId, message }),
          onCheckpoint: (metrics) => this.emit({ type: 'checkpoint', runId, metrics }),
        },
      );
      const run: ActiveRun = { worker, outDir, done: false, checkpointDir, checkpointPath: checkpointing?.dir, ...(debug ? { bounds: sourceBounds(checked.pipeline) } : {}) };
      this.runs.set(runId, run);
      void worker.outcome.then((outcome) => {
        run.done = true;
        if (outcome.kind === 'finished') run.finalNodes = outcome.result.nodes;
        if (outcome.kind === 'finished') this.emit({ type: 'runFinished', runId, summary: outcome.result });
        else if (outcome.kind === 'invalid') this.emit({ type: 'runFailed', runId, message: 'the pipeline is invalid', problems: outcome.problems });
        else this.emit({ type: 'runFailed', runId, message: outcome.error.message, code: outcome.error.code, nodeId: outcome.error.nodeId, nodes: outcome.nodes });
        void this.forgetOldRuns();
      });
      return { started: true as const, runId };
    },
    stop: async ({ runId }) => {
      this.run(runId).worker.stop();
      return {};
    },
    pause: async ({ runId }) => {
      this.run(runId).worker.pause();
      return {};
    },
    resume: async ({ runId }) => {
      this.run(runId).worker.resume();
      return {};
    },
    samples: async ({ runId, nodeId, port }) => ({ records: await this.run(runId).worker.samples(nodeId, port) }),
    sinkRows: async ({ runId, nodeId, offset, limit }) => {
      const run = this.run(runId);
      if (!/^[\w-]+$/.test(nodeId)) throw new Error(`bad node id ${nodeId}`);
      let text = '';
      try {
        text = await readFile(join(run.outDir, `${nodeId}.jsonl`), 'utf8');
      } catch {
        return { rows: [], total: 0 };
      }
      const lines = text.split('\n').filter((l) => l.length > 0);
      return { rows: lines.slice(offset, offset + limit).map((l) => JSON.parse(l) as Record<string, unknown>), total: lines.length };
    },
    inferSchema: async ({ document, baseDir, nodeId, port, documentPath }) => {
      this.requireTrust(documentPath);
      const columns = await this.declaredColumns(document, baseDir, nodeId, port);
      return { records: await this.inferInput(document, baseDir, nodeId, port), ...(columns ? { columns } : {}) };
    },
    trustStatus: async ({ path }) => {
      const file = this.pipelineFile(path);
      return { trusted: isPipelineTrusted(file), folder: this.shown(dirname(file)) };
    },
    trust: async ({ path }) => {
      const folder = dirname(this.pipelineFile(path));
      trustFolder(folder);
      return { folder: this.shown(folder) };
    },
    listExamples: async () => {
      const files = await this.walk('examples', '.pipeline.json');
      const examples = [];
      for (const path of files) {
        try {
          const doc = JSON.parse(await readFile(this.inside(path), 'utf8')) as { name?: unknown; description?: unknown };
          examples.push({
            path,
            name: typeof doc.name === 'string' ? doc.name : path,
            description: typeof doc.description === 'string' ? doc.description : undefined,
          });
        } catch {
          // not a readable pipeline: not an example
        }
      }
      return { examples };
    },
    listFiles: async ({ under, suffix }) => ({ files: await this.walk(under, suffix ?? '') }),
    savepoint: async ({ runId, name }) => {
      const run = this.run(runId);
      if (run.checkpointDir === undefined || run.checkpointPath === undefined) throw new Error(`${runId} takes no checkpoints: turn checkpointing on to take savepoints`);
      await run.worker.savepoint(join(run.checkpointDir, 'savepoints', name), name);
      return { dir: `${run.checkpointPath.replace(/\/+$/, '')}/savepoints/${name}` };
    },
    statePoints: async (args) => this.state.points(args),
    stateInfo: async (args) => this.state.info(args),
    stateKeys: async (args) => this.state.keys(args),
    stateDiff: async (args) => this.state.diff(args),
    readFile: async ({ path }) => ({ path, text: await readFile(this.inside(path), 'utf8') }),
    runTests: async (args) => {
      this.requireTrust(args.documentPath);
      return runTestsCall(args, this.testsContext);
    },
    acceptGolden: async (args) => {
      this.requireTrust(args.documentPath);
      return acceptGoldenCall(args, this.testsContext);
    },
    compareWithSaved: async (args) => {
      this.requireTrust(args.documentPath);
      if (args.againstPath !== undefined) this.requireTrust(args.againstPath);
      return compareWithSavedCall(args, this.testsContext);
    },
    exportBundle: async (args) => {
      const r = await exportBundleCall(args, (path) => this.inside(path), this.testFileBeside(args.documentPath));
      return { ...r, shown: this.shown(r.dir) };
    },
    exportFlink: async (args) => {
      const r = await exportFlinkCall(args, (path) => this.inside(path));
      return { ...r, shown: this.shown(r.dir) };
    },
    flinkCheck: async (args) => {
      this.requireTrust(args.documentPath);
      return this.flink.check(args, (path) => this.inside(path));
    },
    kafkaCheck: async (args) => kafkaCheckCall(args, this.inside(args.baseDir)),
    ...debugCalls((runId) => this.run(runId)),
  };

  /**
   * Refuses to run code of a document opened from `documentPath` unless its folder is trusted.
   * A document without a path was made in the studio (or its trust was given there for this
   * document only). @throws TributaryError TRB108.
   */
  private requireTrust(documentPath: string | undefined): void {
    if (documentPath === undefined) return;
    if (!isPipelineTrusted(this.pipelineFile(documentPath)))
      throw new TributaryError('TRB108', `${documentPath}: its folder is not trusted, so its code was not run; trust it first`);
  }

  /**
   * A pipeline file named by the editor: workspace-relative (web), or absolute (the desktop
   * app opens files anywhere; trust is about the user's folders, nothing is read here).
   */
  private pipelineFile(path: string): string {
    return isAbsolute(path) ? resolve(path) : this.inside(path);
  }

  /** The test file beside the pipeline file at `documentPath`, when there is one. */
  private testFileBeside(documentPath: string | undefined): string | undefined {
    if (documentPath === undefined) return undefined;
    const file = this.pipelineFile(documentPath);
    const tests = join(dirname(file), testFileNameFor(file));
    return existsSync(tests) ? tests : undefined;
  }

  /** A folder as the editor shows it: workspace-relative when inside the workspace. */
  private shown(folder: string): string {
    const rel = relative(this.root, folder);
    return rel.startsWith('..') || isAbsolute(rel) ? folder : rel.split(sep).join('/') || '.';
  }

  private run(runId: string): ActiveRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  }

  private throttledMetrics(runId: string): (elapsedMs: number, nodes: NodeMetricsSnapshot[]) => void {
    const interval = this.options.metricsIntervalMs ?? 100;
    let last = 0;
    return (elapsedMs, nodes) => {
      const now = performance.now();
      if (now - last < interval * 0.9) return;
      last = now;
      this.emit({ type: 'metrics', runId, elapsedMs, nodes });
    };
  }

  private async forgetOldRuns(): Promise<void> {
    const done = [...this.runs.entries()].filter(([, r]) => r.done);
    for (const [id, r] of done.slice(0, Math.max(0, done.length - KEEP_RUNS))) {
      this.runs.delete(id);
      await rm(r.outDir, { recursive: true, force: true });
    }
  }

  private async walk(under: string, suffix: string): Promise<string[]> {
    const start = this.inside(under);
    const found: string[] = [];
    const visit = async (dir: string, depth: number): Promise<void> => {
      if (depth > 6) return;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const abs = join(dir, e.name);
        if (e.isDirectory()) await visit(abs, depth + 1);
        else if (e.name.endsWith(suffix)) found.push(relative(this.root, abs).split(sep).join('/'));
      }
    };
    await visit(start, 0);
    return found.sort();
  }

  /**
   * Records reaching a node's input: runs the upstream part of the graph briefly (sources
   * slowed so the first records are caught) and reads the upstream port's sample ring.
   */
  /**
   * The declared schema of the file source feeding `nodeId`'s `port` directly (a node type with
   * `declaresFileSchema`), or `undefined` (another source, a line format, an unreadable file:
   * the sample records then type `Input`).
   */
  private async declaredColumns(document: unknown, baseDir: string, nodeId: string, port: string): Promise<FileColumn[] | undefined> {
    const doc = document as { nodes?: { id: string; type?: unknown; config?: Record<string, unknown> }[]; edges?: { source: string; target: string; targetPort?: string }[] };
    const into = (doc.edges ?? []).find((e) => e.target === nodeId && (e.targetPort ?? 'in') === port);
    const source = into && (doc.nodes ?? []).find((n) => n.id === into.source);
    const declares = typeof source?.type === 'string' ? nodeTypeSpec(source.type)?.capabilities.declaresFileSchema : undefined;
    const config = source?.config ?? {};
    const path = declares ? config[declares.path] : undefined;
    if (!declares || typeof path !== 'string' || path.length === 0) return undefined;
    const dir = isAbsolute(baseDir) ? this.inside(relative(this.root, baseDir)) : this.inside(baseDir);
    const format = config[declares.format];
    const compression = config[declares.compression];
    try {
      return await readFileSchema(
        resolve(dir, path),
        typeof format === 'string' ? (format as FileFormat | 'auto') : 'auto',
        typeof compression === 'string' ? (compression as Compression | 'auto') : 'auto',
      );
    } catch {
      return undefined; // unreadable now: the run will say why; the editor falls back to samples
    }
  }

  private async inferInput(document: unknown, baseDir: string, nodeId: string, port: string): Promise<Record<string, unknown>[]> {
    const doc = document as { nodes?: { id: string }[]; edges?: { source: string; sourcePort?: string; target: string; targetPort?: string }[] };
    const edges = doc.edges ?? [];
    const into = edges.find((e) => e.target === nodeId && (e.targetPort ?? 'in') === port);
    if (!into) return [];
    const ancestors = new Set<string>([into.source]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges)
        if (ancestors.has(e.target) && !ancestors.has(e.source)) {
          ancestors.add(e.source);
          grew = true;
        }
    }
    const sub = {
      ...(document as object),
      nodes: (doc.nodes ?? []).filter((n) => ancestors.has(n.id)),
      edges: edges.filter((e) => ancestors.has(e.source) && ancestors.has(e.target)),
      checkpoint: undefined,
    };
    const key = JSON.stringify([sub, baseDir, into.source, into.sourcePort ?? 'out']);
    const cached = this.schemaCache.get(key);
    if (cached) return cached;
    const checked = validatePipeline(sub);
    if (!checked.ok) return [];
    const base = isAbsolute(baseDir) ? this.inside(relative(this.root, baseDir)) : this.inside(baseDir);
    if (pathsOutsideWorkspace(checked.pipeline, base, this.root).length > 0) return [];
    const records = await this.firstRecords(sub, base, into.source, into.sourcePort ?? 'out');
    if (records.length > 0) {
      if (this.schemaCache.size > 50) this.schemaCache.clear();
      this.schemaCache.set(key, records);
    }
    return records;
  }

  /**
   * Runs a sub-pipeline at full speed, pausing it as soon as it starts, and reads a port's
   * sample ring. (A paced run would not do: a paced source only notices `stop` at its next
   * chunk.) Inputs small enough to finish before the pause leave no samples; `values` rows are
   * then read from the config.
   */
  private async firstRecords(document: unknown, baseDir: string, nodeId: string, port: string): Promise<Record<string, unknown>[]> {
    let over = false;
    const worker = launchJob({ document, compileCode: compileUserCode, runtime: jobRuntime(), baseDir }, { onStarted: () => worker.pause() });
    void worker.outcome.then(() => (over = true));
    let records: Record<string, unknown>[] = [];
    for (let waited = 0; waited < 3000 && !over && records.length === 0; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      records = (await worker.samples(nodeId, port)).map((s) => s.row);
    }
    worker.stop();
    await worker.outcome;
    if (records.length > 0) return records;
    const node = (document as { nodes: { id: string; type: string; config?: Record<string, unknown> }[] }).nodes.find((n) => n.id === nodeId);
    const inline = node ? nodeTypeSpec(node.type)?.capabilities.inlineData : undefined;
    const rows = inline ? node?.config?.[inline.field] : undefined;
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]).slice(0, 32) : [];
  }
}

/**
 * A running pipeline: builds one task per node from a validated pipeline, wires outputs to
 * input channels along the edges, opens the operators, runs the sources, and closes everything
 * at the end — or on the first failure, which it rethrows with the node named. Bounded inputs end
 * with the final watermark, so a finished run has fired every window. A failure while closing (a
 * sink's last commit) fails the run too.
 *
 * Sources run as `settings.replay` says (`pipeline/replay.ts`): `aligned` and `drift` pull them
 * through one merge by event time (`replay/merged-replay.ts`); `chunked` runs them concurrently,
 * interleaving at chunk boundaries, as does a source that cannot be pulled.
 *
 * Backpressure: records move by synchronous calls, so a slow operator slows its source by itself;
 * an asynchronous sink that has too much in flight says so (`Operator#available`) and the sources
 * upstream wait at their next chunk boundary (the merge: at its next boundary, for every source
 * it pulls).
 */
import { isAbsolute, resolve } from 'node:path';
import { fsyncPath } from './fsync.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import type { KeySpec } from '../pipeline/config-schemas.ts';
import { instantiateUserCode, type UserLog } from '../udf/sandbox.ts';
import { systemClock, type Clock } from './clock.ts';
import { expressionKeySelector, fieldKeySelector, type KeySelector } from './key-selector.ts';
import { NodeMetrics, snapshotMetrics, type NodeMetricsSnapshot } from './metrics.ts';
import type { Operator, OperatorFactory, SourceOperator } from './operator.ts';
import type { ErrorRecord, LateRecord, OperatorContext } from './operator-context.ts';
import { Output } from './output.ts';
import { formatTime, type DataRecord } from './record.ts';
import type { SampledRecord } from './sample-ring.ts';
import { StateBackend } from './state/state-backend.ts';
import { StreamTask } from './stream-task.ts';
import type { JobOptions, JobResult, JobStatus, NodeRuntime, RestorePlan, TestNodeAccess } from './job-types.ts';
import { PauseGate } from './pause-gate.ts';
import { UdfGuard, localGuardCells } from './udf-guard.ts';
import { CheckpointCoordinator } from './checkpoint/coordinator.ts';
import { nodeCounters, restoreNode, snapshotNode, stateShape } from './checkpoint/node-state.ts';
import type { CheckpointMetrics, NodeSnapshot } from './checkpoint/snapshot.ts';
import { decodeChunk } from './state/chunk-codec.ts';
import type { SavepointMeta } from './checkpoint/savepoint.ts';
import { TributaryError, type ErrorCode } from '../pipeline/errors.ts';
import { resolveReplay, replayLabel, type ResolvedReplay } from '../pipeline/replay.ts';
import { MergedReplay, mergedSpeed } from './replay/merged-replay.ts';
import type { PullSource } from './replay/pull-source.ts';
import { replaySummary } from './replay/replay-summary.ts';
import { WatermarkLeads, type SourceReplayState } from './replay/watermark-leads.ts';
import { JobDebugger } from './debug/job-debugger.ts';
import { DebugSession } from './debug/debug-session.ts';

export type { JobOptions, JobResult, JobStatus, RestorePlan, TestNodeAccess } from './job-types.ts';

/** How often a backpressured source looks again for a due checkpoint barrier, in ms. */
const BACKPRESSURE_POLL_MS = 100;
/**
 * The checkpoint id a source's position is reported under for live inspection: below every real
 * id, so what a source keeps per checkpoint for it (a Kafka source's pending offsets) is dropped
 * at the next completed checkpoint and never committed.
 */
const INSPECTION_ID = -1;

/** @throws Error naming the node when an operator cannot be built (bad path, no key...). */
export class Job {
  private readonly runtimes = new Map<string, NodeRuntime>();
  private readonly clock: Clock;
  private stopRequested = false;
  private readonly pauseGate = new PauseGate();
  private state: JobStatus = 'created';
  private readonly stateBackend: StateBackend;
  private startedAt = 0;
  /** How sources interleave in this run. */
  readonly replay: ResolvedReplay;
  /** The event-time debugger, in runs built with `options.debug` only. */
  private readonly debugger: JobDebugger | undefined;
  /** Steps, breakpoints and the paused view, in runs built with `options.debug`. */
  readonly debug: DebugSession | undefined;

  constructor(
    private readonly pipeline: ValidPipeline,
    private readonly options: JobOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.stateBackend = new StateBackend(pipeline.document.stateBackend, pipeline.document.settings.stateCacheEntries, options.checkpoint?.store.dir);
    const cells = options.guardCells ?? localGuardCells();
    const sourceCount = pipeline.nodes.filter((n) => (options.operators[n.type] as OperatorFactory | undefined)?.kind === 'source').length;
    const replay = resolveReplay(pipeline.document.settings.replay, sourceCount);
    // A debugged run steps record by record: its sources go through the merge, by event time.
    this.replay = options.debug && replay.mode === 'chunked' ? { ...replay, mode: 'aligned', maxDriftMs: 0 } : replay;
    this.debugger = options.debug ? new JobDebugger(this.runtimes, pipeline.edges, () => this.pause()) : undefined;
    this.debug = this.debugger ? new DebugSession(this, this.debugger, this.runtimes) : undefined;
    pipeline.nodes.forEach((node, index) => {
      const metrics = new NodeMetrics(node.id, node.type);
      const outputs = new Map(node.spec.outputs.map((p) => [p.id, new Output(p.id, metrics)]));
      const incoming = pipeline.edges.filter((e) => e.target === node.id);
      const state = this.stateBackend.backendFor(node.id);
      const runtime: NodeRuntime = { nodeId: node.id, type: node.type, node, index, metrics, outputs, state, timers: this.stateBackend.timersFor(node.id, state) };
      if (node.spec.inputs.length > 0 || node.spec.capabilities.namedInputs) runtime.task = new StreamTask(node.id, metrics, outputs, incoming.map((e) => e.targetPort));
      this.runtimes.set(node.id, runtime);
    });
    for (const runtime of this.runtimes.values()) {
      const incoming = pipeline.edges.filter((e) => e.target === runtime.node.id);
      incoming.forEach((edge, channel) => {
        const upstream = this.runtimes.get(edge.source);
        upstream?.outputs.get(edge.sourcePort)?.connect(runtime.task as StreamTask, channel);
      });
    }
    for (const runtime of this.runtimes.values()) runtime.ctx = this.context(runtime, new UdfGuard(cells, runtime.index));
    if (this.debugger) for (const runtime of this.runtimes.values()) this.debugger.instrument(runtime);
    for (const runtime of this.runtimes.values()) this.build(runtime);
    for (const runtime of this.runtimes.values()) if (runtime.source) runtime.downstream = this.downstreamOf(runtime.nodeId).filter((op) => op.available !== undefined);
    this.watchLeads();
    if (options.restore) this.restore(options.restore);
  }

  /** Gives every source its replay state and, with several sources, measures their watermark leads. */
  private watchLeads(): void {
    const sources = [...this.runtimes.values()].filter((r) => r.source);
    for (const r of sources) r.replay = { running: false, maxLeadMs: null };
    if (sources.length < 2) return;
    const leads = new WatermarkLeads(
      sources.map((r) => r.metrics),
      sources.map((r) => r.replay as SourceReplayState),
    );
    sources.forEach((r, i) => {
      const out = r.outputs.get('out');
      if (out) out.statusListener = () => leads.update(i);
    });
  }

  /** Every operator reachable from `nodeId` along the edges. */
  private downstreamOf(nodeId: string): Operator[] {
    const seen = new Set<string>([nodeId]);
    const out: Operator[] = [];
    for (let frontier = [nodeId]; frontier.length > 0; ) {
      const next: string[] = [];
      for (const e of this.pipeline.edges)
        if (frontier.includes(e.source) && !seen.has(e.target)) {
          seen.add(e.target);
          next.push(e.target);
          const op = this.runtimes.get(e.target)?.operator;
          if (op) out.push(op);
        }
      frontier = next;
    }
    return out;
  }

  /**
   * Restores every node that has a snapshot. Nodes without one start empty (added nodes).
   * @throws Error naming the node when its state shape changed or its node was removed,
   *   unless `allowNonRestoredState`.
   */
  private restore(plan: RestorePlan): void {
    const problems: string[] = [];
    for (const [nodeId, part] of plan.parts) {
      const runtime = this.runtimes.get(nodeId);
      if (!runtime) {
        problems.push(`${plan.label} has state for node ${nodeId}, which is not in the pipeline`);
        continue;
      }
      const shape = stateShape(runtime);
      if (part.type !== runtime.type || part.shape !== shape) {
        problems.push(`node ${nodeId}: its state in ${plan.label} has shape ${part.type} ${part.shape}, the node now has ${runtime.type} ${shape}`);
        continue;
      }
      restoreNode(runtime, part);
    }
    if (problems.length === 0) return;
    if (!plan.allowNonRestoredState)
      throw new TributaryError('TRB106', `cannot restore ${plan.label}: ${problems.join('; ')} (use --allow-non-restored-state to drop that state)`);
    for (const p of problems) this.options.log?.(`not restored: ${p}`);
  }

  get status(): JobStatus {
    return this.state;
  }

  /** Node ids in document order; index = the watchdog's node index. */
  get nodeIds(): string[] {
    return this.pipeline.nodes.map((n) => n.id);
  }

  private build(runtime: NodeRuntime): void {
    const ctx = runtime.ctx as OperatorContext;
    const factory = this.options.operators[runtime.node.type] as OperatorFactory | undefined;
    try {
      if (!factory) throw new Error(`no operator for node type ${runtime.node.type}`);
      if (factory.kind === 'source') runtime.source = factory.create(ctx);
      else {
        runtime.operator = factory.create(ctx);
        (runtime.task as StreamTask).operator = runtime.operator;
      }
    } catch (error) {
      throw nodeError(runtime.node.id, error, 'TRB101');
    }
  }

  /** The key of `runtime`'s input `port`: its own key field, else a keyBy's directly upstream. */
  private resolveKey(runtime: NodeRuntime, port: string): KeySelector | undefined {
    const own = runtime.node.spec.capabilities.keys?.find((k) => k.port === port);
    const spec = own ? ((runtime.node.config as Record<string, unknown>)[own.field] as KeySpec | undefined) : undefined;
    if (own && spec !== undefined) return this.selector(runtime, spec, own.field);
    const edge = this.pipeline.edges.find((e) => e.target === runtime.node.id && e.targetPort === port);
    const upstream = edge ? this.runtimes.get(edge.source) : undefined;
    const sets = upstream?.node.spec.capabilities.setsKey;
    if (!upstream || !sets) return undefined;
    return this.selector(upstream, (upstream.node.config as Record<string, unknown>)[sets.field] as KeySpec, sets.field);
  }

  private selector(runtime: NodeRuntime, spec: KeySpec, field: string): KeySelector {
    return 'fields' in spec ? fieldKeySelector(spec.fields) : expressionKeySelector(runtime.ctx?.userCode(field) as (e: DataRecord) => unknown);
  }

  private context(runtime: NodeRuntime, guard: UdfGuard): OperatorContext {
    const { node, metrics, outputs, state, timers } = runtime;
    const options = this.options;
    const instances = new Map<string, unknown>();
    const log = options.log ?? (() => {});
    const userLog: UserLog = options.userLog ?? ((id, level, text) => log(`[${id}] ${level}: ${text}`));
    const output = (port: string): Output => {
      const o = outputs.get(port);
      if (!o) throw new Error(`node ${node.id}: ${node.type} has no output "${port}"`);
      return o;
    };
    const isStopped = (): boolean => this.stopRequested;
    const pauseGate = (): Promise<void> => this.pauseGate.whenOpen();
    return {
      nodeId: node.id,
      type: node.type,
      config: node.config,
      metrics,
      output,
      currentWatermark: () => runtime.task?.currentWatermark ?? metrics.outputWatermark,
      state,
      timers,
      keyOf: (port) => this.resolveKey(runtime, port),
      inputSchemas: node.inputSchemas ?? {},
      hasUserCode: (field) => (field === undefined ? node.js !== undefined : node.expressions[field] !== undefined),
      userCode<T>(field?: string): T {
        const id = field ?? '';
        if (!instances.has(id)) {
          const js = field === undefined ? node.js : node.expressions[field];
          if (js === undefined) throw new Error(`node ${node.id}: no compiled ${field === undefined ? 'code' : field + ' expression'}`);
          const kind = field === undefined ? (node.spec.code?.kind ?? 'expression') : 'expression';
          instances.set(id, instantiateUserCode(node.id, js, kind, userLog));
        }
        return instances.get(id) as T;
      },
      guard,
      clock: this.clock,
      resolvePath: (p) => (isAbsolute(p) ? p : resolve(options.baseDir, p)),
      outDir: options.outDir,
      speed: options.speed,
      replay: this.replay,
      stopped: isStopped,
      whenRunning: pauseGate,
      checkpointing: options.checkpoint !== undefined,
      boundary: (opts) => this.boundary(runtime, opts?.ending === true),
      log: (message) => log(`[${node.id}] ${message}`),
      persist: options.persist ?? fsyncPath,
      error(reason, detail, timestamp, countsInput = true) {
        if (countsInput) metrics.errors++;
        const row: ErrorRecord = { node: node.id, reason, ...detail };
        output('errors').emit(row, timestamp);
      },
      late(row, timestamp) {
        metrics.late++;
        const watermark = runtime.task?.currentWatermark ?? timestamp;
        const lateRow: LateRecord = {
          node: node.id,
          late_by_ms: watermark - timestamp,
          event_time: formatTime(timestamp),
          watermark: formatTime(watermark),
          record: row,
        };
        outputs.get('late')?.emit(lateRow, timestamp);
      },
    };
  }

  private prepared: Promise<void> | undefined;

  /**
   * Opens the state backend and loads restored keyed state (the LevelDB backend does this
   * asynchronously). `run()` calls it; benchmarks call it to time a restore.
   */
  prepare(): Promise<void> {
    this.prepared ??= this.stateBackend.open();
    return this.prepared;
  }

  private coordinator: CheckpointCoordinator | undefined;
  private checkpointFailure: Error | undefined;

  /** Injects a due checkpoint barrier at a source's boundary; `ending`: the source has passed its last one. */
  private injectBarrier(runtime: NodeRuntime, ending: boolean): void {
    const coordinator = this.coordinator;
    if (!coordinator) return;
    const id = coordinator.barrierFor(runtime.nodeId, ending);
    if (id !== undefined) {
      const { snapshot, chunks } = snapshotNode(runtime, id, coordinator.chunkSink(id, runtime.nodeId));
      coordinator.report(id, snapshot, 0, 0, chunks);
      for (const o of runtime.outputs.values()) o.emitBarrier(id);
    }
    if (ending) coordinator.sourceEnded(runtime.nodeId);
  }

  /**
   * Waits while an operator downstream of `sources` is backpressured, injecting barriers that
   * fall due meanwhile into each of them (they flow even when records do not); counts the time as
   * backpressured on each. Several sources: those of a merge, which all hold a head here.
   */
  private async awaitDownstream(sources: readonly NodeRuntime[]): Promise<void> {
    const operators = [...new Set(sources.flatMap((r) => r.downstream ?? []))];
    if (operators.length === 0) return;
    let since: number | undefined;
    for (;;) {
      const waits: Promise<void>[] = [];
      for (const op of operators) {
        const w = op.available?.();
        if (w) waits.push(w);
      }
      if (waits.length === 0 || this.stopRequested || this.checkpointFailure) break;
      since ??= performance.now();
      await Promise.race([Promise.all(waits), this.clock.sleep(BACKPRESSURE_POLL_MS)]);
      for (const r of sources) this.injectBarrier(r, false);
    }
    if (since !== undefined) for (const r of sources) r.metrics.backpressuredMs += performance.now() - since;
  }

  /** A source's chunk boundary: inject a due barrier, wait out backpressure, surface checkpoint failures, yield. */
  private async boundary(runtime: NodeRuntime, ending: boolean): Promise<boolean> {
    this.injectBarrier(runtime, ending);
    if (!ending) await this.awaitDownstream([runtime]);
    return this.yieldPoint();
  }

  /** Between chunks: surface checkpoint failures, write back LevelDB state, honour pause, yield. */
  private async yieldPoint(): Promise<boolean> {
    if (this.checkpointFailure) throw this.checkpointFailure;
    if (this.stateBackend.kind === 'leveldb') await this.stateBackend.flushAll();
    // Sources that run on their own (not merged) reach the debugger at their chunk boundaries only.
    this.debugger?.afterRecord();
    await this.pauseGate.park();
    await this.clock.yield();
    return !this.stopRequested;
  }

  /**
   * Settles once the job is paused and every running source waits at the pause gate: no record
   * moves until `resume()`, so the live state can be read consistently.
   * @throws Error when the job is not paused.
   */
  async whenParked(): Promise<void> {
    if (this.state !== 'paused') throw new Error(`the run is ${this.state}, not paused: pause it to read its live state`);
    await this.pauseGate.whenAllParked();
  }

  private startCheckpointing(): void {
    const cp = this.options.checkpoint;
    if (!cp) return;
    const runtimes = [...this.runtimes.values()];
    this.coordinator = new CheckpointCoordinator({
      store: cp.store,
      intervalMs: cp.intervalMs,
      clock: this.clock,
      pipelineName: this.pipeline.document.name,
      nodeIds: runtimes.map((r) => r.nodeId),
      sourceIds: runtimes.filter((r) => r.source).map((r) => r.nodeId),
      lastId: this.options.restore?.checkpointId ?? 0,
      beforeCommit: cp.beforeCommit,
      onStart: (id, ended) => {
        const coordinator = this.coordinator as CheckpointCoordinator;
        for (const r of runtimes) {
          if (!(r.source ? ended.has(r.nodeId) : r.task?.finished)) continue;
          const { snapshot, chunks } = snapshotNode(r, id, coordinator.chunkSink(id, r.nodeId));
          coordinator.report(id, snapshot, 0, 0, chunks);
        }
      },
      onComplete: (id, metrics) => {
        for (const r of runtimes) (r.operator ?? r.source)?.notifyCheckpointComplete?.(id);
        this.options.onCheckpoint?.(metrics);
      },
      onFailure: (error, id) => {
        this.options.onCheckpointFailure?.(id, error.message);
        this.checkpointFailure = new TributaryError('TRB105', `checkpoint failed: ${error.message}`);
        this.stopRequested = true;
      },
    });
    for (const r of runtimes) {
      if (!r.task) continue;
      r.task.onBarrier = (_task, id, alignmentMs) => {
        const coordinator = this.coordinator;
        if (!coordinator) return;
        const { snapshot, chunks } = snapshotNode(r, id, coordinator.chunkSink(id, r.nodeId));
        coordinator.report(id, snapshot, alignmentMs, 0, chunks);
      };
    }
  }

  /**
   * Opens every operator, runs all sources to their end (or until `stop()`), closes everything.
   * @throws Error naming the failing node; operators are closed first.
   */
  async run(): Promise<JobResult> {
    if (this.state !== 'created') throw new Error('a job runs once');
    this.state = 'running';
    if (this.options.debug?.startPaused) this.pause();
    this.startedAt = performance.now();
    const runtimes = [...this.runtimes.values()];
    this.startCheckpointing();
    try {
      await this.prepare();
      for (const r of runtimes) {
        try {
          await (r.operator?.open?.() ?? r.source?.open?.());
        } catch (error) {
          throw nodeError(r.node.id, error, 'TRB101');
        }
      }
      await this.runSources(runtimes.filter((r) => r.source)).finally(() => this.debugger?.ended());
      const coordinator = this.coordinator;
      if (coordinator) {
        await coordinator.idle();
        if (this.checkpointFailure) throw this.checkpointFailure;
        if (!this.stopRequested) await coordinator.finish((id, sinkFor) => runtimes.map((r) => snapshotNode(r, id, sinkFor(r.nodeId))));
        if (this.checkpointFailure) throw this.checkpointFailure;
      }
    } catch (error) {
      this.state = 'failed';
      const alsoFailed = await this.closeAll(runtimes);
      if (alsoFailed) this.options.log?.(`close failed: ${alsoFailed.message}`);
      throw error;
    }
    const closeFailure = await this.closeAll(runtimes);
    if (closeFailure) {
      this.state = 'failed';
      throw closeFailure;
    }
    this.state = this.stopRequested ? 'stopped' : 'finished';
    return {
      status: this.stopRequested ? 'stopped' : 'finished',
      checkpoints: this.coordinator?.completed ?? [],
      durationMs: performance.now() - this.startedAt,
      recordsRead: runtimes.filter((r) => r.source).reduce((n, r) => n + r.metrics.in, 0),
      nodes: this.metrics(),
      replay: replaySummary(
        this.replay,
        runtimes.filter((r) => r.source).map((r) => ({ nodeId: r.nodeId, merged: r.merged === true, state: r.replay as SourceReplayState })),
      ),
    };
  }

  /**
   * Runs the sources to their end: those that can be pulled through the merge (unless `chunked`),
   * the others concurrently with it. @throws Error naming the source that failed.
   */
  private async runSources(sources: NodeRuntime[]): Promise<void> {
    const pulled = this.replay.mode === 'chunked' && !this.debugger ? [] : sources.filter((r) => r.source?.pull);
    for (const r of pulled) r.merged = true;
    const pushed = sources.filter((r) => !r.merged);
    if (sources.length > 1 || this.replay.explicit) {
      const alone = pulled.length > 0 && pushed.length > 0 ? `; ${pushed.map((r) => r.nodeId).join(', ')} cannot be pulled and ${pushed.length === 1 ? 'runs' : 'run'} chunked beside the merge` : '';
      this.options.log?.(`replay: ${replayLabel(this.replay)}${pulled.length > 0 ? ` (${pulled.map((r) => r.nodeId).join(', ')} merged by event time)` : ''}${alone}`);
    }
    const fail = (r: NodeRuntime | undefined, error: unknown): never => {
      this.stopRequested = true;
      throw nodeError(r?.nodeId ?? '', error, 'TRB104');
    };
    // Each pushed source and the merge is one loop that parks at its chunk boundaries while paused.
    this.pauseGate.loopsStarted(pushed.length + (pulled.length > 0 ? 1 : 0));
    const done = (): void => this.pauseGate.loopEnded();
    await Promise.all([
      ...pushed.map((r) => (r.source as SourceOperator).run().catch((error: unknown) => fail(r, error)).finally(done)),
      pulled.length > 0 ? this.runMerge(pulled).catch((error: unknown) => fail(error instanceof MergeFailure ? error.source : undefined, error instanceof MergeFailure ? error.cause : error)).finally(done) : undefined,
    ]);
  }

  /** The merge of an aligned or drift replay over `pulled` (their order: the document's). */
  private async runMerge(pulled: NodeRuntime[]): Promise<void> {
    const inputs: PullSource[] = [];
    let merge: MergedReplay | undefined;
    let running = -1;
    const ended = new Set<NodeRuntime>();
    try {
      for (const r of pulled) inputs.push((r.source as Required<SourceOperator>).pull());
      const speed = mergedSpeed(inputs);
      const speeds = new Set(inputs.map((i) => i.speed));
      if (speeds.size > 1) this.options.log?.(`replay: sources configure different speeds (${[...speeds].join(', ')}); the merge replays them together at ${speed}`);
      const resumeWith = pulled.findIndex((r) => r.replay?.running === true);
      merge = new MergedReplay(
        inputs,
        {
          barrier: (i, ending) => {
            const r = pulled[i] as NodeRuntime;
            (r.replay as SourceReplayState).running = i === running;
            if (ending) ended.add(r);
            this.injectBarrier(r, ending);
          },
          yield: async () => {
            // Every live input holds a head here, so barriers may go in while downstream is backpressured.
            await this.awaitDownstream(pulled.filter((r) => !ended.has(r)));
            return this.yieldPoint();
          },
          whenRunning: () => this.pauseGate.park(),
          stopped: () => this.stopRequested,
          running: (i) => (running = i),
          ...(this.debugger ? { afterRecord: this.debugger.afterRecord.bind(this.debugger) } : {}),
        },
        { maxDriftMs: this.replay.maxDriftMs, speed, clock: this.clock, resumeWith: resumeWith >= 0 ? resumeWith : undefined },
      );
      await merge.run();
      // A breakpoint the end of input hit (the final watermark fires every window) pauses here.
      if (this.debugger?.afterRecord()) await this.pauseGate.park();
    } catch (error) {
      // Before the merge starts, the source whose `pull()` threw is the next one.
      throw new MergeFailure(pulled[merge ? merge.culprit : inputs.length], error);
    }
  }

  /**
   * Closes every node (all of them, whatever fails). @returns the first close failure, with its
   * node named (a sink's last commit that could not be made), for `run` to report; later ones
   * are logged.
   */
  private async closeAll(runtimes: NodeRuntime[]): Promise<TributaryError | undefined> {
    this.coordinator?.abandon(this.stopRequested ? 'the run stopped before the checkpoint was taken' : 'the run ended before the checkpoint was taken');
    let first: TributaryError | undefined;
    for (const r of runtimes) {
      try {
        await (r.operator?.close?.() ?? r.source?.close?.());
      } catch (error) {
        if (first) this.options.log?.(`[${r.node.id}] close failed: ${(error as Error).message}`);
        else first = nodeError(r.node.id, error, 'TRB104');
      }
    }
    await this.stateBackend.close().catch((error: unknown) => this.options.log?.(`state backend close failed: ${(error as Error).message}`));
    return first;
  }

  /**
   * Takes a savepoint into `dir` at the next checkpoint barrier.
   * @throws Error when the job does not checkpoint (no checkpoint directory).
   */
  savepoint(dir: string, name: string): Promise<SavepointMeta> {
    if (!this.options.checkpoint) return Promise.reject(new Error('savepoints need checkpointing: run with a checkpoint directory'));
    if (!this.coordinator) return Promise.reject(new Error('the job is not running yet'));
    return this.coordinator.requestSavepoint(dir, name);
  }

  /**
   * Takes a checkpoint now, whatever the interval (Flink's "trigger checkpoint"): it starts at
   * the sources' next chunk boundary.
   * @returns its figures once it is complete (the final checkpoint's, when the input ends
   *   first). @throws Error without checkpointing, or when the run stops or fails first.
   */
  triggerCheckpoint(): Promise<CheckpointMetrics> {
    if (!this.options.checkpoint) return Promise.reject(new Error('checkpoints need a checkpoint directory'));
    if (!this.coordinator) return Promise.reject(new Error('the job is not running yet'));
    return this.coordinator.requestCheckpoint();
  }

  /** Asks sources to stop at their next chunk boundary; pending windows do not fire. */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  pause(): void {
    if (this.pauseGate.closed || this.state !== 'running') return;
    this.pauseGate.close();
    this.state = 'paused';
  }

  resume(): void {
    if (this.state === 'paused') this.state = 'running';
    this.pauseGate.open();
  }

  /**
   * One node's internals, for operator test harnesses (as Flink's `OneInputStreamOperatorTestHarness`
   * reaches into a task): feed its task directly, open its operator, snapshot it at a barrier.
   * Not for running pipelines: `run()` does that. @throws Error for an unknown node.
   */
  testNode(nodeId: string): TestNodeAccess {
    const r = this.runtimes.get(nodeId);
    if (!r?.task || !r.operator) throw new Error(`no operator node ${nodeId}`);
    const task = r.task;
    const operator = r.operator;
    return {
      task,
      outputs: r.outputs,
      metrics: () => {
        r.metrics.stateKeys = r.state.numKeys();
        return snapshotMetrics(r.metrics);
      },
      open: async () => {
        await this.prepare();
        await operator.open?.();
      },
      snapshot: async (checkpointId) => {
        const parts: Buffer[] = [];
        const { snapshot, chunks } = snapshotNode(r, checkpointId, (chunk) => parts.push(chunk));
        await chunks;
        return { ...snapshot, chunks: parts.map((b) => decodeChunk(b)) };
      },
      close: async () => {
        await operator.close?.();
        await this.stateBackend.close();
      },
    };
  }

  /**
   * The live state of the job's nodes, for the state browser: each node's type, state shape,
   * input watermark and counters, and sources' positions (their checkpointable state). Only
   * while paused (see `whenParked`). @throws Error when the job is not paused.
   */
  async inspectNodes(): Promise<NodeSnapshot[]> {
    await this.whenParked();
    return [...this.runtimes.values()].map((r) => {
      const counters = nodeCounters(r.metrics);
      const outputCounts: Record<string, number> = {};
      for (const [port, o] of r.outputs) outputCounts[port] = o.count;
      return { nodeId: r.nodeId, type: r.type, shape: stateShape(r), watermarks: r.task?.combiner.snapshot(), counters, outputCounts, operator: r.source?.snapshotState?.(INSPECTION_ID) };
    });
  }

  /**
   * The live keyed state and timers of node `nodeId` as checkpoint chunks (`chunk-codec.ts`),
   * each handed to `sink` (which may wait: flow control). Only while paused; the caller keeps
   * the job paused until this settles. @returns the keyed-state entries sent.
   * @throws Error for an unknown node or when the job is not paused.
   */
  async inspectState(nodeId: string, sink: (chunk: Buffer) => Promise<void>): Promise<number> {
    const r = this.runtimes.get(nodeId);
    if (!r) throw new Error(`no node ${nodeId}`);
    await this.whenParked();
    if (!r.task) return 0;
    const entries = await r.state.inspectChunks(sink);
    await r.timers.inspectChunks(sink);
    return entries;
  }

  /** Current counters of every node, in document order. */
  metrics(): NodeMetricsSnapshot[] {
    return [...this.runtimes.values()].map((r) => {
      if (r.task) r.metrics.stateKeys = r.state.numKeys();
      return snapshotMetrics(r.metrics);
    });
  }

  /**
   * Latest records a node emitted on `port` (or, for a preview sink, received). Port `in` of a
   * node with `capabilities.provenance`: its latest inputs, with their arrival positions.
   */
  samples(nodeId: string, port = 'out'): SampledRecord[] {
    const r = this.runtimes.get(nodeId);
    if (!r) return [];
    const op = r.operator as { latest?: () => SampledRecord[] } | undefined;
    if (r.node.spec.capabilities.previewsInput && op?.latest) return op.latest();
    if (port === 'in' && r.node.spec.capabilities.provenance) return r.operator?.inputSamples?.() ?? [];
    return r.outputs.get(port)?.sample.latest() ?? [];
  }

  /** Latest records of every node's every output port (and preview sinks' records). */
  allSamples(): Record<string, Record<string, SampledRecord[]>> {
    const out: Record<string, Record<string, SampledRecord[]>> = {};
    for (const r of this.runtimes.values()) {
      const ports: Record<string, SampledRecord[]> = {};
      for (const port of r.outputs.keys()) ports[port] = this.samples(r.nodeId, port);
      if (r.node.spec.capabilities.previewsInput) ports.out = this.samples(r.nodeId);
      if (r.node.spec.capabilities.provenance) ports.in = this.samples(r.nodeId, 'in');
      out[r.nodeId] = ports;
    }
    return out;
  }

  /** Elapsed wall-clock ms since `run()` started. */
  elapsedMs(): number {
    return this.startedAt === 0 ? 0 : performance.now() - this.startedAt;
  }
}

/** A failure inside the merge, with the source whose call it came from. */
class MergeFailure extends Error {
  constructor(
    readonly source: NodeRuntime | undefined,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * A `TributaryError` with `code` naming `nodeId` for anything a node threw; an error that is
 * already a `TributaryError` keeps its code and node (the first node to blame is the right one).
 */
export function nodeError(nodeId: string, error: unknown, code: ErrorCode): TributaryError {
  if (error instanceof TributaryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new TributaryError(code, message, nodeId);
  if (error instanceof Error) wrapped.stack = error.stack;
  return wrapped;
}

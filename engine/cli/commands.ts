/**
 * The `tributary` commands: `run`, `validate` and `nodes`. Exit codes: 0 success, 1 an invalid
 * pipeline or a failed run (one-line reason on stderr), 2 an unreadable file or bad usage.
 */
import { join, resolve } from 'node:path';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import { CheckpointStore } from '../runtime/checkpoint/checkpoint-store.ts';
import { writeSavepoint } from '../runtime/checkpoint/savepoint.ts';
import { z } from 'zod';
import { loadPipelineFile } from '../nodes/load.ts';
import { formatProblem, type Problem } from '../pipeline/problems.ts';
import { NODE_TYPES } from '../nodes/catalog.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import { runInWorker } from '../host/run-in-worker.ts';
import { RunProgress } from './progress.ts';
import { summaryTable } from './summary.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

function printProblems(io: Io, file: string, problems: readonly Problem[]): void {
  io.err(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const p of problems) io.err(`  ${formatProblem(p)}`);
}

/** `tributary validate FILE`. @returns the exit code. */
export async function validateCommand(io: Io, file: string, options: { json?: boolean }): Promise<number> {
  const loaded = await loadPipelineFile(file);
  if (!loaded.ok && loaded.kind === 'unreadable') {
    io.err(loaded.message);
    return 2;
  }
  if (options.json) io.out(JSON.stringify(loaded.ok ? { valid: true, problems: [] } : { valid: false, problems: loaded.problems }, null, 2));
  if (!loaded.ok) {
    if (!options.json) printProblems(io, file, loaded.problems);
    return 1;
  }
  if (!options.json) {
    const p = loaded.pipeline;
    io.out(`${file}: valid — "${p.document.name}", ${p.nodes.length} nodes, ${p.edges.length} edges`);
  }
  return 0;
}

/** Parses `--speed`: `max` or a positive multiple of event time. @throws Error otherwise. */
export function parseSpeed(text: string): ReplaySpeed {
  if (text === 'max') return 'max';
  const n = Number(text.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--speed takes "max" or a positive number (e.g. 10 or 10x), not "${text}"`);
  return n;
}

export interface RunCommandOptions {
  out?: string;
  speed?: string;
  set?: string[];
  json?: boolean;
  progress?: boolean;
  checkpointDir?: string;
  checkpointInterval?: string;
  restore?: string;
  fresh?: boolean;
  allowNonRestoredState?: boolean;
}

function checkpointLine(m: CheckpointMetrics): string {
  return `checkpoint ${m.id} complete: ${m.durationMs.toFixed(0)} ms (alignment ${m.alignmentMs.toFixed(1)} ms), ${(m.bytes / 1024).toFixed(1)} KiB, ${m.keys.toLocaleString('en-US')} keys`;
}

/** `tributary run FILE`. @returns the exit code. */
export async function runCommand(io: Io, file: string, options: RunCommandOptions): Promise<number> {
  let speed: ReplaySpeed | undefined;
  try {
    speed = options.speed === undefined ? undefined : parseSpeed(options.speed);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  let progress: RunProgress | undefined;
  const showProgress = options.progress !== false && io.isTty && !options.json;
  const interval = options.checkpointInterval === undefined ? undefined : Number(options.checkpointInterval);
  if (interval !== undefined && !(Number.isInteger(interval) && interval > 0)) {
    io.err(`--checkpoint-interval takes a positive number of milliseconds, not "${options.checkpointInterval}"`);
    return 2;
  }
  if (options.checkpointDir === undefined && (options.restore !== undefined || options.fresh)) {
    io.err('--restore and --fresh need --checkpoint-dir');
    return 2;
  }
  const run = runInWorker(
    {
      path: resolve(file),
      overrides: options.set ?? [],
      outDir: options.out === undefined ? undefined : resolve(options.out),
      speed,
      checkpointDir: options.checkpointDir,
      checkpointIntervalMs: interval,
      restore: options.restore,
      fresh: options.fresh,
      allowNonRestoredState: options.allowNonRestoredState,
      crashBeforeCommitOf: process.env.TRIBUTARY_TEST_CRASH_BEFORE_COMMIT === undefined ? undefined : Number(process.env.TRIBUTARY_TEST_CRASH_BEFORE_COMMIT),
    },
    {
      onCheckpoint: (m) => {
        if (!showProgress && !options.json) io.err(checkpointLine(m));
      },
      onStarted: ({ sinks }) => {
        if (showProgress) progress = new RunProgress(sinks.map((s) => s.nodeId));
      },
      onMetrics: (elapsed, nodes) => progress?.update(elapsed, nodes),
      onLog: (message) => {
        if (!options.json) io.err(message);
      },
    },
  );
  const stopOnSignal = (): void => run.stop();
  // SIGUSR2 takes a savepoint into <checkpoint-dir>/savepoints/ and the run goes on.
  const savepointOnSignal = (): void => {
    if (options.checkpointDir === undefined) {
      io.err('savepoint: the run has no --checkpoint-dir');
      return;
    }
    const name = `savepoint-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    run.savepoint(join(resolve(options.checkpointDir), 'savepoints', name), name).then(
      (path) => io.err(`savepoint written: ${path}`),
      (error: unknown) => io.err(`savepoint failed: ${(error as Error).message}`),
    );
  };
  process.once('SIGINT', stopOnSignal);
  process.on('SIGUSR2', savepointOnSignal);
  const outcome = await run.outcome;
  process.off('SIGINT', stopOnSignal);
  process.off('SIGUSR2', savepointOnSignal);
  progress?.stop();
  switch (outcome.kind) {
    case 'unreadable':
      io.err(outcome.message);
      return 2;
    case 'invalid':
      printProblems(io, file, outcome.problems);
      return 1;
    case 'failed':
      if (options.json) io.out(JSON.stringify({ status: 'failed', error: outcome.message, nodes: outcome.nodes ?? [] }, null, 2));
      io.err(`run failed: ${outcome.message}`);
      return 1;
    case 'finished': {
      const r = outcome.result;
      if (options.json) {
        io.out(JSON.stringify(r, null, 2));
      } else {
        io.err(summaryTable(r.nodes));
        const seconds = r.durationMs / 1000;
        if (r.checkpoints.length > 0) {
          const last = r.checkpoints[r.checkpoints.length - 1] as CheckpointMetrics;
          io.err(`${r.checkpoints.length} checkpoints; last: ${checkpointLine(last)}`);
        }
        io.err(`${r.status}: ${r.recordsRead.toLocaleString('en-US')} records read in ${seconds.toFixed(2)} s (${Math.round(r.recordsRead / Math.max(seconds, 1e-9)).toLocaleString('en-US')} ev/s)`);
      }
      return r.nodes.every((n) => n.balanced) ? 0 : 1;
    }
  }
}

/** `tributary nodes`: every node type with its ports and config fields. */
export function nodesCommand(io: Io, options: { json?: boolean }): number {
  const types = Object.values(NODE_TYPES).map((spec) => ({
    type: spec.type,
    version: spec.version,
    category: spec.category,
    label: spec.label,
    description: spec.description,
    inputs: spec.inputs.map((p) => p.id),
    outputs: spec.outputs.map((p) => p.id),
    code: spec.code?.contract,
    config: z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }),
  }));
  if (options.json) {
    io.out(JSON.stringify(types, null, 2));
    return 0;
  }
  for (const t of types) {
    io.out(`${t.type} (${t.category}, v${t.version}) — ${t.label}`);
    io.out(`  ${t.description}`);
    io.out(`  inputs: ${t.inputs.join(', ') || '-'}; outputs: ${t.outputs.join(', ') || '-'}`);
    if (t.code) io.out(`  code: ${t.code}`);
    const props = (t.config as { properties?: Record<string, { description?: string }>; required?: string[] }).properties ?? {};
    const required = new Set((t.config as { required?: string[] }).required ?? []);
    for (const [name, prop] of Object.entries(props)) io.out(`    ${name}${required.has(name) ? '' : '?'}${prop.description ? ` — ${prop.description}` : ''}`);
    io.out('');
  }
  return 0;
}

/** `tributary savepoint`: copies a complete checkpoint into a self-contained savepoint directory. */
export async function savepointCommand(io: Io, options: { checkpointDir: string; out: string; id?: string; name?: string }): Promise<number> {
  let store: CheckpointStore;
  try {
    store = await CheckpointStore.open(resolve(options.checkpointDir));
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  try {
    const id = options.id === undefined ? await store.latestId() : Number(options.id);
    if (id === undefined || Number.isNaN(id)) {
      io.err(`no complete checkpoint in ${options.checkpointDir}`);
      return 1;
    }
    const { meta, raw } = await store.load(id);
    const name = options.name ?? `checkpoint-${id}`;
    const written = await writeSavepoint(resolve(options.out), { name, checkpointId: id, pipeline: meta.pipeline, time: Date.now() }, [...raw].map(([nodeId, bytes]) => ({ nodeId, bytes })));
    io.out(`savepoint "${written.name}" of checkpoint ${id} written to ${resolve(options.out)}`);
    return 0;
  } catch (error) {
    io.err(`savepoint failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

/** `tributary checkpoints DIR`: the complete checkpoints with their figures. */
export async function checkpointsCommand(io: Io, dir: string, options: { json?: boolean }): Promise<number> {
  let store: CheckpointStore;
  try {
    store = await CheckpointStore.open(resolve(dir));
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  try {
    const rows = [];
    for (const id of await store.completeIds()) {
      try {
        const { meta } = await store.load(id);
        rows.push({ time: new Date(meta.time).toISOString(), finished: meta.finished, ...meta.metrics, usable: true });
      } catch (error) {
        rows.push({ id, usable: false, problem: (error as Error).message });
      }
    }
    if (options.json) io.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) io.out(`no complete checkpoints in ${dir}`);
    else for (const r of rows) io.out('problem' in r ? `${r.id}  DAMAGED: ${r.problem}` : `${r.id}  ${r.time}  ${r.finished ? 'final  ' : ''}${(r.bytes / 1024).toFixed(1)} KiB  ${r.keys} keys  ${r.durationMs.toFixed(0)} ms`);
    return 0;
  } finally {
    await store.close();
  }
}

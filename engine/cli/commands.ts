/**
 * The `tributary` commands: `run`, `validate` and `nodes`. Exit codes: 0 success, 1 an invalid
 * pipeline or a failed run (one-line reason on stderr), 2 an unreadable file or bad usage.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadPipelineFile } from '../pipeline/load.ts';
import { formatProblem, type Problem } from '../pipeline/problems.ts';
import { NODE_TYPES } from '../pipeline/catalog.ts';
import type { ReplaySpeed } from '../pipeline/nodes/sources.ts';
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
  const run = runInWorker(
    { path: resolve(file), overrides: options.set ?? [], outDir: options.out === undefined ? undefined : resolve(options.out), speed },
    {
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
  process.once('SIGINT', stopOnSignal);
  const outcome = await run.outcome;
  process.off('SIGINT', stopOnSignal);
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

/**
 * The `tributary` commands `validate`, `nodes`, `savepoint`, `checkpoints` and `trust` (`run` is
 * in `run-command.ts`, `export` in `export-command.ts`). Exit codes: 0 success, 1 an invalid
 * pipeline or a failed command (one-line reason on stderr), 2 an unreadable file or bad usage.
 * `validate` compiles and inspects code, never runs it: it is safe on any file.
 */
import { resolve } from 'node:path';
import { CheckpointStore } from '../runtime/checkpoint/checkpoint-store.ts';
import { writeSavepoint } from '../runtime/checkpoint/savepoint.ts';
import { z } from 'zod';
import { loadPipelineFile } from '../nodes/load.ts';
import { NODE_TYPES } from '../nodes/catalog.ts';
import { BUILT_IN_TRUSTED, trustedFolders, trustFolder, untrustFolder } from '../launch/trust.ts';
import { printProblems, type Io } from './io.ts';


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

/** `tributary nodes`: every node type with its ports and config fields. */
export function nodesCommand(io: Io, options: { json?: boolean }): number {
  const types = Object.values(NODE_TYPES).map((spec) => ({
    type: spec.type,
    version: spec.version,
    category: spec.category,
    label: spec.label,
    description: spec.description,
    inputs: spec.capabilities.namedInputs ? [`<${spec.capabilities.namedInputs.label} per edge>`] : spec.inputs.map((p) => p.id),
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

/** `tributary trust [DIR] [--remove] [--list]`: the folders whose pipelines may run their code. */
export function trustCommand(io: Io, dir: string | undefined, options: { remove?: boolean; list?: boolean }): number {
  if (dir === undefined || options.list) {
    for (const f of BUILT_IN_TRUSTED) io.out(`${f}  (built in: Tributary's examples)`);
    for (const f of trustedFolders()) io.out(f);
    return 0;
  }
  if (options.remove) {
    const was = untrustFolder(dir);
    io.out(was ? `no longer trusted: ${resolve(dir)}` : `${resolve(dir)} was not trusted`);
    return 0;
  }
  io.out(`trusted: ${trustFolder(dir)} (pipelines in it and below it may run their code)`);
  return 0;
}

/**
 * `tributary state DIR [--checkpoint N] [--node ID [--key K | --prefix P] [--limit N]] [--json]`:
 * what a checkpoint or savepoint holds. Without `--node`: every node with its type, state shape,
 * keyed-state entries, input watermark and (sources) position. With `--node`: the node's keys in
 * key order, each with its state entries as JSON trees (`json-tree.ts`) and its event-time timers
 * — read through the same on-disk index as the studio's state browser, so memory stays bounded
 * whatever the number of keys. With `--key`: that key only, found in one streaming pass over the
 * node's chunks. `--json` prints JSON Lines, one key per line (`--key`: one object; no `--node`:
 * one object describing the point). Exit codes: 0, 1 (no such node or key), 2 (bad usage, an
 * unreadable or busy folder).
 */
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { PointInfo, PointNode, PointSource } from '../runtime/inspect/point-source.ts';
import { keyView, StateIndex, type KeyView } from '../runtime/inspect/state-index.ts';
import { windowsOf } from '../runtime/inspect/window-view.ts';
import { findKey } from '../runtime/inspect/find-key.ts';
import { declaredState, keyJson, openPoint } from '../host/state-points.ts';
import type { Io } from './io.ts';

export interface StateCommandOptions {
  checkpoint?: string;
  node?: string;
  key?: string;
  prefix?: string;
  limit?: string;
  json?: boolean;
}

const iso = (ms: number | undefined): string => (ms === undefined || !Number.isFinite(ms) ? '-' : new Date(ms).toISOString());

function keyLines(view: KeyView, node: PointNode): string[] {
  const lines = [`${JSON.stringify(view.key)}  (${view.bytes} bytes, ${view.timers.length} timer${view.timers.length === 1 ? '' : 's'})`];
  const windows = windowsOf(node.shape, view.entries);
  if (windows.length > 0) for (const w of windows) lines.push(`  window [${iso(w.start)}, ${iso(w.end)})  ${JSON.stringify(w.aggregates)}`);
  else for (const e of view.entries) lines.push(`  ${e.name} (${e.kind}): ${JSON.stringify(e.value)}`);
  for (const t of view.timers) lines.push(`  timer ${iso(t.timestamp)}  namespace ${JSON.stringify(t.namespace)}`);
  return lines;
}

function describe(info: PointInfo): string[] {
  const head =
    info.kind === 'savepoint'
      ? `savepoint "${info.name ?? ''}" of checkpoint ${info.checkpointId ?? '?'} of "${info.pipeline}", written ${iso(info.time)}`
      : `checkpoint ${info.checkpointId ?? '?'} of "${info.pipeline}", completed ${iso(info.time)}${info.finished ? ' (final)' : ''}`;
  const lines = [head];
  for (const n of info.nodes) {
    const figures = [n.keys === undefined ? undefined : `${n.keys} entries`, n.bytes === undefined ? undefined : `${n.bytes} bytes`, n.chunks > 0 ? `${n.chunks} chunks` : undefined].filter(Boolean).join(', ');
    lines.push(`  ${n.nodeId}  ${n.type}  ${n.shape === n.type ? '' : n.shape + '  '}watermark ${iso(n.watermark)}${figures ? '  ' + figures : ''}`);
    if (n.operator !== undefined && n.chunks === 0) lines.push(`    state: ${JSON.stringify(n.operator).slice(0, 300)}`);
  }
  return lines;
}

/** `tributary state`. @returns the exit code. */
export async function stateCommand(io: Io, dir: string, options: StateCommandOptions, write: (text: string) => Promise<void>): Promise<number> {
  const checkpoint = options.checkpoint === undefined ? undefined : Number(options.checkpoint);
  if (checkpoint !== undefined && !(Number.isInteger(checkpoint) && checkpoint > 0)) {
    io.err(`--checkpoint takes a checkpoint id, not "${options.checkpoint}"`);
    return 2;
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    io.err(`--limit takes a positive number, not "${options.limit}"`);
    return 2;
  }
  if ((options.key !== undefined || options.prefix !== undefined) && options.node === undefined) {
    io.err('--key and --prefix need --node');
    return 2;
  }
  let opened;
  try {
    opened = await openPoint(resolve(dir), checkpoint);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  try {
    return await show(io, opened.source, options, limit, write);
  } catch (error) {
    io.err(`state: ${(error as Error).message}`);
    return 1;
  } finally {
    await opened.close();
  }
}

async function show(io: Io, source: PointSource, options: StateCommandOptions, limit: number | undefined, write: (text: string) => Promise<void>): Promise<number> {
  const info = await source.info();
  if (options.node === undefined) {
    if (options.json) io.out(JSON.stringify({ ...info, nodes: info.nodes.map((n) => ({ ...n, declared: declaredState(n.type) })) }, null, 2));
    else for (const line of describe(info)) io.out(line);
    return 0;
  }
  const node = info.nodes.find((n) => n.nodeId === options.node);
  if (!node) {
    io.err(`${source.label} has no node ${options.node} (nodes: ${info.nodes.map((n) => n.nodeId).join(', ')})`);
    return 1;
  }
  if (options.key !== undefined) {
    const view = await findKey(source.chunks(node.nodeId), options.key);
    if (!view) {
      io.err(`node ${node.nodeId} holds no state for key ${JSON.stringify(options.key)} in ${source.label}`);
      return 1;
    }
    if (options.json) io.out(JSON.stringify(keyJson(view)));
    else for (const line of keyLines(view, node)) io.out(line);
    return 0;
  }
  const index = await StateIndex.build(tmpdir(), source.chunks(node.nodeId));
  try {
    const s = index.summary;
    if (!options.json) await write(`${node.nodeId} (${node.type}) in ${source.label}: ${s.keys} keys, ${s.entries} entries, ${s.timers} timers, ${s.bytes} bytes as JSON`);
    let shown = 0;
    for await (const group of index.groups({ prefix: options.prefix })) {
      if (limit !== undefined && shown >= limit) break;
      const view = keyView(group);
      if (options.json) await write(JSON.stringify(keyJson(view)));
      else for (const line of keyLines(view, node)) await write(line);
      shown++;
    }
    return 0;
  } finally {
    await index.close();
  }
}

/**
 * Debugger breakpoints and "why" through the engine host's protocol, on a two-source union whose
 * `slow` source has a 30 min out-of-orderness bound (its watermark lags `fast`'s 1 min one) and
 * an unreadable line: an error breakpoint stops at that line, a window-fire breakpoint for one key
 * stops when that key's first window fires (after the record the test computes from the merge by
 * event time), and "why" follows the union's minimum back to `slow`.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { CALLS, parseRequest, type CallName, type CallResult } from '../../engine/host/protocol.ts';
import type { ProtocolDebugNode, ProtocolDebugView } from '../../engine/host/protocol-debug.ts';
import { tempDir } from '../cli/run-cli.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const folder = tempDir('tributary-debugger-');
const fast = Array.from({ length: 60 }, (_, i) => ({ k: i % 2 === 1 ? 'y' : 'x', t: new Date(T0 + i * MIN).toISOString(), i }));
const slowLines = Array.from({ length: 30 }, (_, i) => (i === 2 ? 'not json' : JSON.stringify({ k: 'x', t: new Date(T0 + i * 2 * MIN + 30_000).toISOString(), i })));
writeFileSync(join(folder, 'fast.jsonl'), fast.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(join(folder, 'slow.jsonl'), slowLines.join('\n') + '\n');

const source = (id: string, bound: string) => ({
  id,
  type: 'fileSource',
  position: { x: 0, y: 0 },
  config: { path: `${id}.jsonl`, time: { mode: 'event', field: 't' }, watermarks: { maxOutOfOrderness: bound } },
});
const doc = {
  version: 1,
  name: 'two sources',
  nodes: [
    source('fast', '1m'),
    source('slow', '30m'),
    { id: 'u', type: 'union', position: { x: 200, y: 0 }, config: {} },
    { id: 'w', type: 'tumblingWindow', position: { x: 400, y: 0 }, config: { key: { fields: ['k'] }, size: '10m', aggregates: [{ name: 'n', fn: 'count' }] } },
    { id: 'sink', type: 'fileSink', position: { x: 600, y: 0 }, config: { path: 'out.jsonl' } },
  ],
  edges: [
    { id: 'e1', source: 'fast', sourcePort: 'out', target: 'u', targetPort: 'in' },
    { id: 'e2', source: 'slow', sourcePort: 'out', target: 'u', targetPort: 'in' },
    { id: 'e3', source: 'u', sourcePort: 'out', target: 'w', targetPort: 'in' },
    { id: 'e4', source: 'w', sourcePort: 'out', target: 'sink', targetPort: 'in' },
  ],
};

const root = join(folder, '..');
const host = new EngineHost({ root });
afterAll(() => host.dispose());

async function call<C extends CallName>(name: C, args: Record<string, unknown>): Promise<CallResult<C>> {
  const parsed = parseRequest({ kind: 'request', id: 1, call: name, args });
  if (!parsed.ok) throw new Error(parsed.error);
  const response = await host.handle(parsed.request);
  if (!response.ok) throw new Error(response.error);
  return CALLS[name].result.parse(response.result) as CallResult<C>;
}
const node = (view: ProtocolDebugView, id: string): ProtocolDebugNode => view.nodes.find((x) => x.nodeId === id) as ProtocolDebugNode;
async function start(): Promise<string> {
  const started = await call('run', { document: doc, baseDir: relative(root, folder), debug: {} });
  if (!started.started) throw new Error(JSON.stringify(started.problems));
  return started.runId;
}

/** The records in the order the aligned merge lets them in: by event time, `fast` first on ties. */
function merged(): { src: 'fast' | 'slow'; ts: number; k: string }[] {
  const slow = slowLines.filter((l) => l !== 'not json').map((l) => JSON.parse(l) as { k: string; t: string });
  const all = [...fast.map((r) => ({ src: 'fast' as const, ts: Date.parse(r.t), k: r.k })), ...slow.map((r) => ({ src: 'slow' as const, ts: Date.parse(r.t), k: r.k }))];
  return all.sort((a, b) => a.ts - b.ts || (a.src === b.src ? 0 : a.src === 'fast' ? -1 : 1));
}

describe('breakpoints and why on a two-source union', () => {
  it('an error breakpoint stops at the unreadable line of slow', async () => {
    const runId = await start();
    await call('debugBreakpoints', { runId, breakpoints: [{ id: 'err', nodeId: 'slow', on: 'error' }] });
    const view = await call('debugStep', { runId, step: { toBreakpoint: true } });
    expect(view.reason).toBe('breakpoint');
    expect(view.hit).toMatchObject({ nodeId: 'slow', on: 'error' });
    expect(view.hit?.record).toMatchObject({ line: 3, raw: 'not json' });
    expect(node(view, 'slow').errors).toBe(1);
    await call('stop', { runId });
  });

  it("a fire breakpoint for key y stops when y's first window fires", async () => {
    const order = merged();
    const bound = { fast: MIN, slow: 30 * MIN };
    const max = { fast: -Infinity, slow: -Infinity };
    const fire = T0 + 10 * MIN - 1;
    const at = order.findIndex((r) => {
      max[r.src] = Math.max(max[r.src], r.ts);
      return Math.min(max.fast - bound.fast - 1, max.slow - bound.slow - 1) >= fire;
    });
    expect(at).toBeGreaterThan(0);
    const runId = await start();
    await call('debugBreakpoints', { runId, breakpoints: [{ id: 'fy', nodeId: 'w', on: 'fire', key: 'y' }] });
    const view = await call('debugStep', { runId, step: { toBreakpoint: true } });
    expect(view.reason).toBe('breakpoint');
    expect(view.emitted).toBe(at + 1);
    const inWindow = fast.filter((r) => r.k === 'y' && Date.parse(r.t) < T0 + 10 * MIN).length;
    expect(view.hit).toMatchObject({ breakpointId: 'fy', nodeId: 'w', on: 'fire', key: 'y', eventTime: fire });
    expect(view.hit?.record).toEqual({ k: 'y', window_start: new Date(T0).toISOString(), window_end: new Date(T0 + 10 * MIN).toISOString(), n: inWindow });
    expect(view.hit?.watermark).toBeGreaterThanOrEqual(fire);
    await call('stop', { runId });
  });

  it('refuses steps of a run not started for debugging, and of a debugged run that is not paused', async () => {
    const plain = await call('run', { document: doc, baseDir: relative(root, folder) });
    if (!plain.started) throw new Error('not started');
    await expect(call('debugStep', { runId: plain.runId, step: { records: 1 } })).rejects.toThrow(/not started for debugging/);
    await expect(call('debugStep', { runId: plain.runId, step: { records: 0 } })).rejects.toThrow(/bad request/);
    const runId = await start();
    await call('resume', { runId });
    await expect.poll(async () => (await call('debugView', { runId })).status, { timeout: 30_000 }).toBe('finished');
    await expect(call('debugStep', { runId, step: { records: 1 } })).rejects.toThrow(/a step starts from a paused run|the run is over/);
  });

  it('why names slow, the input that holds the union back', async () => {
    const runId = await start();
    const view = await call('debugStep', { runId, step: { records: 20 } });
    const order = merged().slice(0, 20);
    const slowMax = Math.max(...order.filter((r) => r.src === 'slow').map((r) => r.ts));
    expect(node(view, 'slow').maxEventTime).toBe(slowMax);
    expect(node(view, 'u').inputWatermark).toBe(slowMax - 30 * MIN - 1);
    const why = await call('debugWhy', { runId, nodeId: 'w', key: 'x' });
    expect(why.chain.map((s) => s.nodeId)).toEqual(['w', 'u', 'slow']);
    expect(why.chain[1]).toMatchObject({ kind: 'input', heldBy: 'slow' });
    expect(why.text).toContain('Input `slow` (through u) holds it back');
    expect(why.text).toContain(`its last record has event time ${new Date(slowMax).toISOString()} and bound 30 min`);
    expect(why.window).toMatchObject({ key: 'x', start: T0, end: T0 + 10 * MIN, fired: false });
    await call('stop', { runId });
  });
});

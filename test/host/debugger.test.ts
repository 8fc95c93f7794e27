/**
 * The event-time debugger through the engine host's protocol, on the flights examples in a
 * sandboxed job: a run started paused moves only when stepped; a step of N records, or until a
 * watermark, leaves every node's watermark, counts and open windows where an independent model of
 * the data says (`flights-model.ts`); a late-record breakpoint stops at the first late record of
 * the shuffled replay; "why" names the source that holds the watermark back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { CALLS, HostEventSchema, parseRequest, type CallName, type CallResult } from '../../engine/host/protocol.ts';
import type { ProtocolDebugNode, ProtocolDebugView } from '../../engine/host/protocol-debug.ts';
import { HOUR, readFlights, shuffled, watermarksAfter, windows } from './flights-model.ts';

const host = new EngineHost({ root: process.cwd() });
host.onEvent((e) => HostEventSchema.parse(e));
afterAll(() => host.dispose());

async function call<C extends CallName>(name: C, args: Record<string, unknown>): Promise<CallResult<C>> {
  const parsed = parseRequest({ kind: 'request', id: 1, call: name, args });
  if (!parsed.ok) throw new Error(parsed.error);
  const response = await host.handle(parsed.request);
  if (!response.ok) throw new Error(response.error);
  return CALLS[name].result.parse(response.result) as CallResult<C>;
}

const example = (name: string): unknown => JSON.parse(readFileSync(`examples/flights/${name}.pipeline.json`, 'utf8'));
const node = (view: ProtocolDebugView, id: string): ProtocolDebugNode => {
  const n = view.nodes.find((x) => x.nodeId === id);
  if (!n) throw new Error(`no node ${id} in the view`);
  return n;
};
async function start(name: string): Promise<string> {
  const started = await call('run', { document: example(name), baseDir: 'examples/flights', debug: {} });
  if (!started.started) throw new Error(JSON.stringify(started.problems));
  return started.runId;
}

const flights = readFlights('examples/data/flights-20k.jsonl');
const BOUND = 5 * 60_000;

describe('stepping delays-by-origin', () => {
  const wm = watermarksAfter(flights, BOUND);
  const delayed = flights.map((flight, index) => ({ index, flight })).filter((a) => a.flight.delay > 0);
  let runId = '';

  it('starts paused: nothing moves before the first step', async () => {
    runId = await start('delays-by-origin');
    const view = await call('debugView', { runId });
    expect(view.status).toBe('paused');
    expect(view.reason).toBe('start');
    expect(view.emitted).toBe(0);
    expect(node(view, 'flights').out).toBe(0);
  });

  it('steps one record, then N records, with watermarks and open windows as the data says', async () => {
    const one = await call('debugStep', { runId, step: { records: 1 } });
    expect(one.stepped).toBe(1);
    expect(node(one, 'flights').out).toBe(1);
    expect(node(one, 'flights').outputWatermark).toBe(wm[0]);
    expect(node(one, 'per_hour').inputWatermark).toBe(wm[0]);

    const n = await call('debugStep', { runId, step: { records: 499 } });
    expect(n.reason).toBe('records');
    expect(n.emitted).toBe(500);
    const model = windows(delayed, wm, 500);
    expect(node(n, 'delayed').out).toBe(model.arrived);
    expect(node(n, 'per_hour').in).toBe(model.arrived);
    expect(node(n, 'per_hour').inputWatermark).toBe(model.watermark);
    expect(node(n, 'per_hour').openWindows).toBe(model.open.size);
    expect(node(n, 'per_hour').late).toBe(model.late.length);
  });

  it('steps until the watermark reaches a time', async () => {
    const target = Date.UTC(2001, 0, 3, 15, 0);
    const upTo = wm.findIndex((w, i) => i >= 500 && w >= target) + 1;
    const view = await call('debugStep', { runId, step: { untilWatermark: target } });
    expect(view.reason).toBe('watermark');
    expect(view.emitted).toBe(upTo);
    const model = windows(delayed, wm, upTo);
    const w = node(view, 'per_hour');
    expect(w.inputWatermark).toBe(model.watermark);
    expect(w.inputWatermark).toBeGreaterThanOrEqual(target);
    expect(w.openWindows).toBe(model.open.size);
    expect(w.out).toBe(windowsFired(delayed, wm, upTo));

    const listed = await call('debugWindows', { runId, nodeId: 'per_hour' });
    expect(new Set(listed.windows.filter((x) => !x.fired).map((x) => `${x.key}@${x.start}`))).toEqual(model.open);
    for (const x of listed.windows) expect(x.fireTime).toBe((x.end as number) - 1);
  });

  it('explains why a window has not fired, back to the source', async () => {
    const listed = await call('debugWindows', { runId, nodeId: 'per_hour' });
    const first = listed.windows.find((x) => !x.fired);
    if (!first) throw new Error('no open window');
    const why = await call('debugWhy', { runId, nodeId: 'per_hour', key: first.key });
    const view = await call('debugView', { runId });
    const source = node(view, 'flights');
    expect(why.window?.start).toBe(first.start);
    expect(why.chain.map((s) => s.nodeId)).toEqual(['per_hour', 'by_origin', 'delayed', 'flights']);
    expect(why.chain.at(-1)).toMatchObject({ kind: 'source', boundMs: BOUND, maxEventTime: source.maxEventTime });
    expect(why.text).toContain(`fires when the watermark reaches ${new Date(first.fireTime).toISOString()}`);
    expect(why.text).toContain('Input `flights`');
    expect(why.text).toContain(`bound 5 min`);
  });

  it('runs to the end when no breakpoint stops it: every window fired', async () => {
    const view = await call('debugStep', { runId, step: { toBreakpoint: true } });
    expect(view.status).toBe('finished');
    expect(view.emitted).toBe(flights.length);
  });
});

/** Windows fired by the watermark after `upTo` records (each distinct window once: no lateness). */
function windowsFired(arrivals: readonly { index: number; flight: { ts: number; origin: string } }[], wm: readonly number[], upTo: number): number {
  const last = wm[upTo - 1] as number;
  const seen = new Set<string>();
  for (const { index, flight } of arrivals) {
    if (index >= upTo) break;
    const start = Math.floor(flight.ts / HOUR) * HOUR;
    const before = index === 0 ? -Infinity : (wm[index - 1] as number);
    if (start + HOUR - 1 > before && start + HOUR - 1 <= last) seen.add(`${flight.origin}@${start}`);
  }
  return seen.size;
}

describe('a late-record breakpoint on late-arrivals', () => {
  it('stops at the first late record of the shuffled replay', async () => {
    const order = shuffled(flights, 45 * 60_000, 7);
    const wm = watermarksAfter(order, BOUND);
    const model = windows(order.map((flight, index) => ({ index, flight })), wm, order.length, 10 * 60_000);
    const first = model.late[0];
    if (!first) throw new Error('the model has no late record');

    const runId = await start('late-arrivals');
    await call('debugBreakpoints', { runId, breakpoints: [{ id: 'b1', nodeId: 'per_hour', on: 'late' }] });
    const view = await call('debugStep', { runId, step: { toBreakpoint: true } });
    expect(view.reason).toBe('breakpoint');
    expect(view.emitted).toBe(first.index + 1);
    expect(view.hit).toMatchObject({ breakpointId: 'b1', nodeId: 'per_hour', on: 'late', eventTime: first.flight.ts, watermark: first.watermark });
    expect(view.hit?.record).toMatchObject({ date: first.flight.date, origin: first.flight.origin, delay: first.flight.delay });
    expect(node(view, 'per_hour').late).toBe(1);

    // The next stop is the second late record.
    const second = model.late[1];
    const next = await call('debugStep', { runId, step: { toBreakpoint: true } });
    expect(next.emitted).toBe((second?.index ?? -2) + 1);
    expect(node(next, 'per_hour').late).toBe(2);
    await call('stop', { runId });
  });
});

// The web server's WebSocket: every message is checked against the protocol's zod schema,
// other origins and clients without the start's token are refused, and a run reports metrics
// and its end.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type WebSocket from 'ws';
import { hostSocket } from './helpers.ts';

const open = (baseURL: string, origin?: string): Promise<WebSocket> => hostSocket(baseURL, { origin });

function next(ws: WebSocket, predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      if (predicate(m)) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
  });
}

test('malformed and unknown requests get an error response', async ({ baseURL }) => {
  const ws = await open(baseURL as string);
  const reply = next(ws, (m) => m.id === 7);
  ws.send(JSON.stringify({ kind: 'request', id: 7, call: 'deleteEverything', args: {} }));
  expect(await reply).toMatchObject({ kind: 'response', id: 7, ok: false });
  const reply2 = next(ws, (m) => m.id === 8);
  ws.send(JSON.stringify({ kind: 'request', id: 8, call: 'readFile', args: { path: 42 } }));
  expect(await reply2).toMatchObject({ ok: false, error: expect.stringContaining('bad request') });
  const reply3 = next(ws, (m) => m.id === 9);
  ws.send(JSON.stringify({ kind: 'request', id: 9, call: 'readFile', args: { path: '../../etc/passwd' } }));
  expect(await reply3).toMatchObject({ ok: false, error: expect.stringContaining('outside the workspace') });
  ws.close();
});

test('a page from another origin cannot connect', async ({ baseURL }) => {
  await expect(open(baseURL as string, 'https://evil.example')).rejects.toThrow(/403/);
});

test('a client without the right token cannot connect', async ({ baseURL }) => {
  await expect(hostSocket(baseURL as string, { token: 'not-the-token-0123456789abcdef' })).rejects.toThrow(/401/);
});

test('validate, run with live metrics, and read a sink', async ({ baseURL }) => {
  const ws = await open(baseURL as string);
  const document = JSON.parse(readFileSync('examples/flights/delays-by-origin.pipeline.json', 'utf8')) as unknown;
  const valid = next(ws, (m) => m.id === 1);
  ws.send(JSON.stringify({ kind: 'request', id: 1, call: 'validate', args: { document } }));
  expect(await valid).toMatchObject({ ok: true, result: { problems: [] } });

  const started = next(ws, (m) => m.id === 2);
  const finished = next(ws, (m) => (m.event as { type?: string } | undefined)?.type === 'runFinished');
  ws.send(JSON.stringify({ kind: 'request', id: 2, call: 'run', args: { document, baseDir: 'examples/flights' } }));
  const { result } = (await started) as { result: { started: boolean; runId: string } };
  expect(result.started).toBe(true);
  const end = (await finished) as { event: { summary: { status: string; nodes: { finished: boolean }[] } } };
  expect(end.event.summary.status).toBe('finished');
  expect(end.event.summary.nodes.every((n) => n.finished)).toBe(true);

  const rows = next(ws, (m) => m.id === 3);
  ws.send(JSON.stringify({ kind: 'request', id: 3, call: 'sinkRows', args: { runId: result.runId, nodeId: 'hourly', limit: 5 } }));
  expect(await rows).toMatchObject({ ok: true, result: { total: 8771 } });
  ws.close();
});

/** A test client of the web host (`engine/host/web-server.ts`): connects as a page or as anyone. */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { protocolsFor } from '../../engine/host/web-auth.ts';

export type Attempt = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number; body: string };

export interface AttemptOptions {
  /** Origin header; none when undefined. */
  origin?: string;
  /** Host header instead of `127.0.0.1:PORT`. */
  host?: string;
  /** Subprotocols offered (default: none). */
  protocols?: string[];
  /** Request target (default `/ws`). */
  path?: string;
}

/** Opens a WebSocket to the server; resolves with the socket, or the HTTP refusal and its body. */
export function attempt(port: number, options: AttemptOptions = {}): Promise<Attempt> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/ws'}`, options.protocols ?? [], {
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
    headers: options.host !== undefined ? { host: options.host } : {},
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ kind: 'refused', status: res.statusCode ?? 0, body });
      });
    });
    ws.once('error', reject);
  });
}

/** Connects as the editor page does: its own origin and the token. */
export async function editor(port: number, token: string): Promise<WebSocket> {
  const result = await attempt(port, { origin: `http://127.0.0.1:${port}`, protocols: protocolsFor(token) });
  if (result.kind !== 'open') throw new Error(`refused: ${result.status} ${result.body}`);
  return result.ws;
}

type Message = Record<string, unknown>;

/** The next message matching `predicate`. */
export function next(ws: WebSocket, predicate: (m: Message) => boolean): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const m = JSON.parse(String(data)) as Message;
      if (!predicate(m)) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(m);
    };
    const onClose = (): void => reject(new Error('closed before the message arrived'));
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}

let nextId = 1;

/** Sends one request and resolves with its response (`{ ok, result | error }`). */
export async function call(ws: WebSocket, name: string, args: unknown): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: string }> {
  const id = nextId++;
  const reply = next(ws, (m) => m.kind === 'response' && m.id === id);
  ws.send(JSON.stringify({ kind: 'request', id, call: name, args }));
  return (await reply) as { ok: boolean; result?: Record<string, unknown>; error?: string };
}

/** The close code the server sent. */
export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** A run that lasts: a generator paced at event time, one record a second, into a file sink. */
export const SLOW_PIPELINE = {
  version: 1,
  name: 'slow',
  nodes: [
    { id: 'gen', type: 'generator', config: { count: 1_000_000, step: 1000, speed: 1 } },
    { id: 'out', type: 'fileSink', config: { path: 'out.jsonl' } },
  ],
  edges: [{ id: 'e1', source: 'gen', target: 'out' }],
};

/** Starts a slow run. @returns its run id. @throws when refused. */
export async function startSlowRun(ws: WebSocket): Promise<string> {
  const response = await call(ws, 'run', { document: SLOW_PIPELINE, baseDir: '.' });
  const result = response.result as { started?: boolean; runId?: string } | undefined;
  if (!response.ok || result?.started !== true || result.runId === undefined) throw new Error(`run refused: ${response.error ?? JSON.stringify(response.result)}`);
  return result.runId;
}

/** The engine host's temporary run folders (`tributary-run-*`) in `dir`. */
export function runFolders(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('tributary-run-'));
}

/** Polls `condition` every 50 ms; rejects with `what` if it does not hold within `limitMs`. */
export async function eventually(what: string, condition: () => boolean, limitMs = 30_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited >= limitMs) throw new Error(`still not true after ${limitMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

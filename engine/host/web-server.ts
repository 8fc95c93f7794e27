/**
 * `npm run web`: serves the built renderer on 127.0.0.1 and speaks the editor protocol over a
 * WebSocket at `/ws`. Every incoming message is checked against the protocol's zod schema
 * before the host sees it; connections from other origins are refused (a page on another site
 * must not drive the local engine).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { EngineHost } from './engine-host.ts';
import { parseRequest, type HostMessage } from './protocol.ts';

export interface WebServerOptions {
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Workspace root for examples and data. */
  root: string;
  port: number;
  /** Try the next ports when `port` is taken (default 20; 0 = exactly `port`). */
  portAttempts?: number;
}

export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*";

async function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = decodeURIComponent(url.pathname);
  let file = resolve(staticDir, '.' + (path.endsWith('/') ? path + 'index.html' : path));
  if (file !== staticDir && !file.startsWith(staticDir + sep)) {
    res.writeHead(403).end();
    return;
  }
  const exists = await stat(file).then((s) => s.isFile(), () => false);
  if (!exists) file = join(staticDir, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

function listen(server: Server, port: number, attempts: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const tryPort = (p: number, left: number): void => {
      const onError = (error: NodeJS.ErrnoException): void => {
        if (error.code === 'EADDRINUSE' && left > 0) tryPort(p + 1, left - 1);
        else reject(error);
      };
      server.once('error', onError);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', onError);
        const address = server.address();
        resolveListen(typeof address === 'object' && address ? address.port : p);
      });
    };
    tryPort(port, attempts);
  });
}

function connect(host: EngineHost, socket: WebSocket): void {
  const send = (message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = host.onEvent((event) => send({ kind: 'event', event }));
  socket.on('close', unsubscribe);
  socket.on('message', (data) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      send({ kind: 'response', id: -1, ok: false, error: 'bad request: not JSON' });
      return;
    }
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      send({ kind: 'response', id: parsed.id ?? -1, ok: false, error: parsed.error });
      return;
    }
    void host.handle(parsed.request).then(send);
  });
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const staticDir = resolve(options.staticDir);
  const host = new EngineHost({ root: options.root });
  const server = createServer((req, res) => void serveStatic(staticDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  let port = options.port;
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws' || (origin !== undefined && !allowed.includes(origin))) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(host, ws));
  });
  port = await listen(server, options.port, options.portAttempts ?? 20);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await host.dispose();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

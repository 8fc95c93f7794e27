/**
 * `npm run web`: serves the built renderer on 127.0.0.1 and speaks the editor protocol over a
 * WebSocket at `/ws`. Any local process can reach a port on 127.0.0.1, so the server trusts no
 * one by default (`web-guard.ts`): every request must name the server in its Host header (DNS
 * rebinding), and a WebSocket must come from the editor's own page (Origin) and carry the start's
 * access token, which is printed in the editor's URL like Jupyter's. Each connection then keeps
 * its own limits (`web-connection.ts`): frame size, runs at once, errors closing only itself.
 * Closing the server stops every run and removes their temporary output folders.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { EngineHost } from './engine-host.ts';
import { mimeType, resolveInside } from './static-files.ts';
import { WS_PROTOCOL } from './web-auth.ts';
import { checkHost, checkUpgrade, pathOf, resolveToken, type Refusal } from './web-guard.ts';
import { serveConnection } from './web-connection.ts';

/** Largest WebSocket message accepted (bytes); a bigger frame closes its connection with 1009. */
export const WS_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface WebServerOptions {
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Workspace root for examples and data. */
  root: string;
  /** Port to listen on, on 127.0.0.1 (0: any free port). */
  port: number;
  /** Try the next ports when `port` is taken (default 20; 0 = exactly `port`). */
  portAttempts?: number;
  /**
   * The access token (`TRIBUTARY_WEB_TOKEN`, for tests): 22–256 base64url characters. Default: 32
   * crypto-random bytes, new at every start. @throws Error (from `startWebServer`) when malformed.
   */
  token?: string;
  /** Where connection errors are reported, one line each (default `console.error`). */
  log?: (line: string) => void;
}

export interface RunningWebServer {
  /** The server's address, without the token. */
  url: string;
  /** The address to open: `url` with `?token=…`. Print it; never log it elsewhere. */
  editorUrl: string;
  port: number;
  /** The access token a WebSocket must present. */
  token: string;
  /** Closes every connection, stops every run, removes their output folders, stops listening. */
  close(): Promise<void>;
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(text + '\n');
}

async function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
  let file = resolveInside(staticDir, pathOf(req.url));
  if (file === undefined) return plain(res, 403, 'forbidden');
  const exists = await stat(file).then((s) => s.isFile(), () => false);
  if (!exists) file = join(staticDir, 'index.html');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return plain(res, 404, 'not found');
  }
  res.writeHead(200, {
    'content-type': mimeType(file),
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers a refused upgrade with a plain HTTP response (a client can read why), then closes. */
function refuseUpgrade(socket: Duplex, { status, reason }: Refusal): void {
  const body = reason + '\n';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
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

/**
 * Starts the web host on 127.0.0.1.
 * @throws Error when `options.token` is malformed, or no port could be bound.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = resolveToken(options.token);
  const log = options.log ?? ((line: string) => console.error(line));
  const staticDir = resolve(options.staticDir);
  const host = new EngineHost({ root: options.root });
  const connections = new Set<Promise<void>>();
  let port = options.port;
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    const badHost = checkHost(req, port);
    if (badHost) return plain(res, badHost.status, badHost.reason);
    serveStatic(staticDir, req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_PAYLOAD_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = closing ? { status: 403 as const, reason: 'the web host is shutting down' } : checkUpgrade(req, port, token);
    if (refusal) return refuseUpgrade(socket, refusal);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = serveConnection(host, ws, log);
      connections.add(connection.closed);
      void connection.closed.then(() => connections.delete(connection.closed));
    });
  });
  port = await listen(server, options.port, options.portAttempts ?? 20);
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    editorUrl: `${url}?token=${token}`,
    port,
    token,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        for (const c of wss.clients) c.terminate();
        wss.close();
        // Each connection releases its runs once its in-flight requests are answered; then the
        // host stops and removes whatever is left (runs of no connection, e.g. after an error).
        await Promise.all([...connections]);
        await host.dispose();
        await stopped;
      })()),
  };
}

/**
 * The web host's gate: who may load the editor and who may drive the engine.
 *
 * - Every HTTP request and WebSocket upgrade must name the server itself in its `Host` header
 *   (`127.0.0.1:PORT` or `localhost:PORT`). A DNS-rebinding page (`evil.example` resolving to
 *   127.0.0.1) sends its own name and is refused.
 * - An upgrade must also come from the editor's own page (`Origin` equal to
 *   `http://127.0.0.1:PORT` or `http://localhost:PORT`; a missing Origin — any local program —
 *   is refused) and carry the start's access token (`web-auth.ts`), like Jupyter's token: a page
 *   or process that was not given the printed URL cannot connect.
 *
 * The token is 32 crypto-random bytes per start, or `TRIBUTARY_WEB_TOKEN` (tests); it is compared
 * in constant time and never written to a log.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PATTERN, tokenFromProtocolHeader } from './web-auth.ts';

/** A refusal: the HTTP status and a sentence for the response body (never the token). */
export interface Refusal {
  status: 401 | 403 | 404;
  reason: string;
}

/** A fresh access token: 32 bytes from the OS CSPRNG, base64url (43 characters). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token to use: `given` (from `TRIBUTARY_WEB_TOKEN`) when set, else a fresh one.
 * @throws Error when `given` is not 22–256 base64url characters (too weak or not sendable).
 */
export function resolveToken(given: string | undefined): string {
  if (given === undefined || given === '') return createToken();
  if (!TOKEN_PATTERN.test(given)) throw new Error('TRIBUTARY_WEB_TOKEN must be 22 to 256 characters from A-Z a-z 0-9 - _ (at least 128 bits)');
  return given;
}

/** Constant-time comparison (both sides hashed first, so lengths do not leak either). */
export function sameToken(offered: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/**
 * The path part of a request target, without its query. (Not `new URL`: it throws on targets such
 * as `//`, and a throw in a request handler would end the process.)
 */
export function pathOf(target: string | undefined): string {
  const path = (target ?? '/').split(/[?#]/, 1)[0] ?? '/';
  return path.startsWith('/') ? path : '/' + path;
}

/** The `Host` values that name this server. */
function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Refuses a request whose `Host` header does not name this server (DNS rebinding). */
export function checkHost(req: Pick<IncomingMessage, 'headers'>, port: number): Refusal | undefined {
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts(port).includes(host)) return { status: 403, reason: `forbidden: the Host header must be 127.0.0.1:${port} or localhost:${port}` };
  return undefined;
}

/**
 * Checks a WebSocket upgrade: path `/ws`, Host, Origin, then the token.
 * @returns the refusal, or `undefined` when the client may connect.
 */
export function checkUpgrade(req: Pick<IncomingMessage, 'headers' | 'url'>, port: number, token: string): Refusal | undefined {
  if (pathOf(req.url) !== '/ws') return { status: 404, reason: 'not found' };
  const badHost = checkHost(req, port);
  if (badHost) return badHost;
  const origin = req.headers.origin;
  if (origin === undefined) return { status: 403, reason: 'forbidden: no Origin header (only the editor page may connect)' };
  if (!allowedHosts(port).some((h) => origin === `http://${h}`)) return { status: 403, reason: 'forbidden: connections from other origins are refused' };
  const offered = tokenFromProtocolHeader(req.headers['sec-websocket-protocol']);
  if (offered === undefined) return { status: 401, reason: 'unauthorized: no access token (open the address `npm run web` printed, with its ?token=)' };
  if (!sameToken(offered, token)) return { status: 401, reason: 'unauthorized: wrong access token (the web host was restarted? open the address it printed now)' };
  return undefined;
}

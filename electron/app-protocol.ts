/**
 * The desktop app's own scheme, `app://tributary/`, instead of `file://` (Electron's security
 * checklist, "avoid usage of the file protocol"). A `file://` page may read any file by URL and
 * shares one origin with every other local file; `app://tributary` is a standard, secure origin of
 * its own, and its handler serves only the built renderer folder: a path that decodes outside it
 * (`..`, `%2e%2e`, `..%2f`), a NUL byte, another host or a method other than GET/HEAD is refused.
 * Responses carry the content type from a fixed table, `nosniff` and the app's CSP.
 */
import type { CustomScheme } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mimeType, resolveInside } from '../engine/host/static-files.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tributary';
/** The page the window loads (`isTrustedSender` compares IPC senders with it). */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registered before the app is ready (`protocol.registerSchemesAsPrivileged`): `standard` gives
 * the scheme real origins and relative URLs, `secure` makes it a secure context (like https),
 * `supportFetchAPI` lets the page and its workers fetch their own assets, `codeCache` caches
 * compiled scripts as for http. Not `bypassCSP`, not `corsEnabled`: nothing else may read it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

type ReadFile = (file: string) => Promise<Uint8Array<ArrayBuffer>>;

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/**
 * The `protocol.handle(APP_SCHEME, …)` handler: `app://tributary/<path>` → the file `<path>` in
 * `rendererDir` (a path ending in `/` → its `index.html`). Never rejects: 403 for a path outside
 * the folder, 404 for a missing file or another host, 405 for other methods.
 * @param rendererDir the built renderer (`out/renderer`), absolute.
 * @param read reads a file (tests may count reads); `fs.readFile` by default.
 */
export function appProtocolHandler(rendererDir: string, read: ReadFile = async (file) => new Uint8Array(await readFile(file))): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'not found');
    const file = resolveInside(root, url.pathname);
    if (file === undefined) return refusal(403, 'forbidden');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await read(file);
    } catch {
      return refusal(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'content-type': mimeType(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}

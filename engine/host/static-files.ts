/**
 * Serving the built renderer (`out/renderer`) safely, for both shells: the web host's HTTP server
 * and the desktop app's `app://tributary/` protocol. A URL path maps to a file only inside the
 * served folder: percent-decoding happens once, before the path is resolved, so `..`, `%2e%2e`,
 * `%2f` and `%5c` cannot leave it; malformed escapes and NUL bytes are refused. Content types
 * come from a fixed table, sent with `nosniff`.
 */
import { extname, resolve, sep } from 'node:path';

/** Content type by file extension; anything else is `application/octet-stream`. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a file, by its extension. */
export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside `root` (a folder path ending in `/` names its `index.html`).
 * @param root absolute, resolved folder.
 * @param urlPath the URL's pathname, still percent-encoded.
 * @returns the absolute file path, or `undefined` when the path is malformed (bad escape, NUL)
 *   or resolves outside `root`.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = resolve(root, '.' + sep + (path.endsWith('/') || path.endsWith('\\') ? path + 'index.html' : path));
  return file.startsWith(root + sep) ? file : undefined;
}

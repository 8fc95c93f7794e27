/**
 * How a browser proves to the web host (`npm run web`) that it was given the start's access
 * token. A page's WebSocket cannot set headers, so the token travels as a WebSocket
 * subprotocol (`Sec-WebSocket-Protocol: tributary.v1, tributary.token.<token>`), as
 * Kubernetes' `base64url.bearer.authorization.k8s.io.<token>` does: it stays out of URLs,
 * proxies' access logs and the browser history. The server answers with `tributary.v1` only,
 * never echoing the token.
 *
 * Pure, no Node modules: the renderer imports it (`renderer/host/ws-client.ts`).
 */

/** The subprotocol the web host speaks (the editor protocol of `protocol.ts`, JSON text frames). */
export const WS_PROTOCOL = 'tributary.v1';

/** Prefix of the subprotocol that carries the access token. */
export const TOKEN_PROTOCOL_PREFIX = 'tributary.token.';

/**
 * A well-formed access token: base64url characters (valid in a subprotocol name), 22 to 256 of
 * them — 22 characters carry 128 bits. A random token is 43 characters (32 bytes).
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,256}$/;

/** The subprotocols a client offers for `token`: the protocol first, then the token. */
export function protocolsFor(token: string): string[] {
  return [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
}

/**
 * The token offered in a `Sec-WebSocket-Protocol` header value (comma-separated names), or
 * `undefined` when none is, or when several are (ambiguous, refused).
 */
export function tokenFromProtocolHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const tokens = header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
    .map((p) => p.slice(TOKEN_PROTOCOL_PREFIX.length));
  return tokens.length === 1 ? tokens[0] : undefined;
}

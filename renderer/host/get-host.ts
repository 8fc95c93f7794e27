/**
 * Picks the transport: the Electron preload when present, else the WebSocket of `npm run web`,
 * authenticated with the access token the page was opened with (`web-token.ts`).
 */
import type { HostClient } from './host-client.ts';
import { takeToken } from './web-token.ts';
import { createWsClient } from './ws-client.ts';
import '../shell/shell-api.ts';

let client: HostClient | undefined;

export function host(): HostClient {
  if (client) return client;
  const bridged = window.tributaryHost;
  client = bridged ?? createWsClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, takeToken());
  return client;
}

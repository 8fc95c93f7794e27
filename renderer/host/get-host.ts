/** Picks the transport: the Electron preload when present, else the WebSocket of `npm run web`. */
import type { HostClient } from './host-client.ts';
import { createWsClient } from './ws-client.ts';
import '../shell/shell-api.ts';

let client: HostClient | undefined;

export function host(): HostClient {
  if (client) return client;
  const bridged = window.tributaryHost;
  client = bridged ?? createWsClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  return client;
}

/**
 * The WebSocket transport (`npm run web`): one request id per call, events pushed. The access
 * token goes in the subprotocol list (`engine/host/web-auth.ts`), never in the URL.
 */
import { protocolsFor } from '../../engine/host/web-auth.ts';
import { CALL_NAMES, dispatchHostMessage, HostMessageSchema, type CallName, type HostApi, type HostEvent, type PendingCalls } from '../../engine/host/protocol.ts';
import type { HostClient } from './host-client.ts';

/** Why a call failed when the page has no token, or the server refused or is gone. */
const NO_TOKEN = 'no access token: open the address that `npm run web` printed (http://127.0.0.1:PORT/?token=…)';
const UNREACHABLE = 'cannot reach the engine host: is `npm run web` still running? If it was restarted, open the address it printed now (its token changes at every start)';

/**
 * @param url `ws://host:port/ws`.
 * @param token the web host's access token; without one every call fails with a sentence saying
 *   which address to open.
 */
export function createWsClient(url: string, token: string | undefined): HostClient {
  const listeners = new Set<(event: HostEvent) => void>();
  const pending: PendingCalls = new Map();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;

  const open = (): Promise<WebSocket> => {
    if (ready && socket && socket.readyState <= WebSocket.OPEN) return ready;
    ready = new Promise((resolve, reject) => {
      if (token === undefined) {
        reject(new Error(NO_TOKEN));
        return;
      }
      const ws = new WebSocket(url, protocolsFor(token));
      socket = ws;
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error(UNREACHABLE));
      ws.onclose = () => {
        for (const p of pending.values()) p.reject(new Error('connection to the engine host closed'));
        pending.clear();
      };
      ws.onmessage = (e) => {
        const parsed = HostMessageSchema.safeParse(JSON.parse(String(e.data)));
        if (!parsed.success) return;
        dispatchHostMessage(parsed.data, listeners, pending);
      };
    });
    return ready;
  };

  const call = async (name: CallName, args: unknown): Promise<unknown> => {
    const ws = await open();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ kind: 'request', id, call: name, args }));
    });
  };

  const api = Object.fromEntries(CALL_NAMES.map((name) => [name, (args: unknown) => call(name, args)])) as unknown as HostApi;
  return {
    ...api,
    onEvent(listener) {
      listeners.add(listener);
      // A failed connection surfaces on the next call, with its reason.
      open().catch(() => undefined);
      return () => listeners.delete(listener);
    },
  };
}

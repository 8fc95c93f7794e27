/** The WebSocket transport (`npm run web`): one request id per call, events pushed. */
import { CALL_NAMES, dispatchHostMessage, HostMessageSchema, type CallName, type HostApi, type HostEvent, type PendingCalls } from '../../engine/host/protocol.ts';
import type { HostClient } from './host-client.ts';

export function createWsClient(url: string): HostClient {
  const listeners = new Set<(event: HostEvent) => void>();
  const pending: PendingCalls = new Map();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;

  const open = (): Promise<WebSocket> => {
    if (ready && socket && socket.readyState <= WebSocket.OPEN) return ready;
    ready = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('cannot reach the engine host'));
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
      void open();
      return () => listeners.delete(listener);
    },
  };
}

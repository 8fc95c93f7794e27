/**
 * Entry of the engine's utilityProcess: receives a MessagePort from the main process and
 * serves the editor protocol on it. Every message is validated against the protocol's schema.
 */
import { EngineHost } from '../engine/host/engine-host.ts';
import { parseRequest, type HostMessage } from '../engine/host/protocol.ts';

interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
}

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const host = new EngineHost({ root: process.env.TRIBUTARY_ROOT ?? process.cwd() });

function serve(port: PortLike): void {
  const send = (message: HostMessage): void => port.postMessage(message);
  host.onEvent((event) => send({ kind: 'event', event }));
  port.on('message', ({ data }) => {
    const parsed = parseRequest(data);
    if (!parsed.ok) send({ kind: 'response', id: parsed.id ?? -1, ok: false, error: parsed.error });
    else void host.handle(parsed.request).then(send);
  });
  port.start();
}

parentPort?.on('message', (e) => {
  const port = e.ports[0];
  if (port) serve(port);
});

/**
 * One editor connection to the web host (`web-server.ts`), already authenticated. Every message
 * is parsed and checked against the protocol's zod schema before the shared `EngineHost` sees
 * it. The connection keeps its own limits, so one client cannot take the machine or the server
 * down:
 *
 * - at most `MAX_RUNS_PER_CONNECTION` runs going at once (each run is a worker thread with its
 *   own threads and a temporary output folder); the next `run` is refused with a sentence saying
 *   so, until one ends or is stopped. Schema inference (`inferSchema`, a short run of the
 *   upstream graph) is limited to `MAX_INFERENCES_PER_CONNECTION` at once;
 * - an error on its socket (a frame over the size limit, a text frame that is not UTF-8, a reset)
 *   closes that socket only — `ws` sends the close code (1009, 1007) — and is logged;
 * - when it closes, for whatever reason, its runs are stopped and their output folders removed.
 */
import type { RawData, WebSocket } from 'ws';
import type { EngineHost } from './engine-host.ts';
import { parseRequest, type HostMessage, type Request, type Response } from './protocol.ts';

/** Runs one connection may have going at once (a fifth `run` is refused until one ends). */
export const MAX_RUNS_PER_CONNECTION = 4;

/** `inferSchema` calls one connection may have in flight at once. */
export const MAX_INFERENCES_PER_CONNECTION = 2;

/** How many ended run ids a connection remembers (their folders are removed when it closes). */
const OWNED_RUNS_KEPT = 64;

export interface WebConnection {
  /** Settles once the socket has closed, its requests are answered and its runs released. */
  readonly closed: Promise<void>;
}

/**
 * Serves the editor protocol on an open, authenticated socket.
 * @param log receives one line per connection error (never a token or a message's content).
 */
export function serveConnection(host: EngineHost, socket: WebSocket, log: (line: string) => void): WebConnection {
  const running = new Set<string>();
  const owned = new Set<string>();
  /** Runs that ended while a `run` answer was on its way (so it is not counted as running). */
  const endedEarly = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let startingRuns = 0;
  let inferring = 0;

  const send = (message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const refuse = (id: number, error: string): void => send({ kind: 'response', id, ok: false, error });

  const unsubscribe = host.onEvent((event) => {
    if (event.type === 'runFinished' || event.type === 'runFailed') {
      if (!running.delete(event.runId) && startingRuns > 0) endedEarly.add(event.runId);
    }
    send({ kind: 'event', event });
  });

  const rememberRun = (runId: string): void => {
    if (!endedEarly.has(runId)) running.add(runId);
    owned.add(runId);
    for (const old of owned) {
      if (owned.size <= OWNED_RUNS_KEPT) break;
      if (!running.has(old)) owned.delete(old);
    }
  };

  /** Answers a valid request through the host, applying this connection's limits. */
  const answer = (request: Request): void => {
    let after: (response: Response) => void = () => undefined;
    if (request.call === 'run') {
      if (running.size + startingRuns >= MAX_RUNS_PER_CONNECTION) {
        refuse(request.id, `run refused: this connection already has ${MAX_RUNS_PER_CONNECTION} runs going, the most allowed at once; stop one or wait for one to end`);
        return;
      }
      startingRuns++;
      after = (response) => {
        startingRuns--;
        const result = response.ok ? (response.result as { started?: boolean; runId?: string }) : undefined;
        if (result?.started === true && result.runId !== undefined) rememberRun(result.runId);
        if (startingRuns === 0) endedEarly.clear();
      };
    } else if (request.call === 'inferSchema') {
      if (inferring >= MAX_INFERENCES_PER_CONNECTION) {
        refuse(request.id, `inferSchema refused: ${MAX_INFERENCES_PER_CONNECTION} are already running for this connection; try again when they end`);
        return;
      }
      inferring++;
      after = () => void inferring--;
    }
    const done = host
      .handle(request)
      .then((response) => {
        after(response);
        send(response);
      })
      .catch((error: unknown) => log(`web host: could not answer a request: ${(error as Error).message}`));
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      refuse(-1, 'bad request: binary frames are not accepted (send JSON text)');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      refuse(-1, 'bad request: not JSON');
      return;
    }
    const parsed = parseRequest(raw);
    if (!parsed.ok) refuse(parsed.id ?? -1, parsed.error);
    else answer(parsed.request);
  };

  socket.on('message', onMessage);
  // Without this listener an 'error' (over-size or non-UTF-8 frame, reset) would be thrown and end
  // the whole process; `ws` has already closed the socket with the right code when it fires.
  socket.on('error', (error) => log(`web host: a connection was closed after an error: ${error.message}`));
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      unsubscribe();
      void (async () => {
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        await Promise.all([...owned].map((runId) => host.releaseRun(runId)));
      })().then(resolve, (error: unknown) => {
        log(`web host: could not release a closed connection's runs: ${(error as Error).message}`);
        resolve();
      });
    });
  });
  return { closed };
}

/**
 * The Node end of the runner's JSON-lines protocol over one JVM: waits for its ready line,
 * sends one request at a time and matches answers by id, guards each request with its timeout
 * plus a grace period, turns the JVM's death into errors carrying its last stderr lines, and
 * stops it (end of stdin when idle, SIGTERM when busy, SIGKILL after a grace period).
 */
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { LineTail, spawnWatchdog, type RunnerChild } from './runner-process.ts';
import { parseAnswer, type FlinkSqlResult } from './protocol.ts';

/** Beyond a job's own timeout: the JVM's cancel grace (30 s) and client grace (30 s), plus slack. */
export const ANSWER_GRACE_MS = 90_000;
const STOP_GRACE_MS = 15_000;

export interface ReadyEvent {
  flinkVersion: string;
  restUrl: string;
  startupMs: number;
}

interface Pending {
  id: number;
  resolve: (result: FlinkSqlResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One runner JVM seen from Node: ready event, queued requests, answers by id, exit and stop. */
export class RunnerSession {
  readonly stderr: LineTail;
  private readonly lines: AsyncIterator<string>;
  private readonly exited: Promise<void>;
  private readonly disarmWatchdog: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: Pending | undefined;
  private nextId = 1;
  private dead: string | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: RunnerChild,
    private readonly workDir: string,
    stderrLines: number,
  ) {
    this.stderr = new LineTail(stderrLines);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    child.stdin.on('error', () => undefined); // EPIPE after the JVM died: reported by 'exit'
    this.lines = createInterface({ input: child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
    this.disarmWatchdog = child.pid === undefined ? () => undefined : spawnWatchdog(child.pid, workDir).disarm;
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => this.die(`could not be started: ${error.message}`, resolve));
      child.once('exit', (code, signal) => this.die(`exited (code ${code}, signal ${signal})`, resolve));
    });
  }

  private die(why: string, resolve: () => void): void {
    this.dead ??= why;
    if (this.pending) {
      clearTimeout(this.pending.timer);
      const what = this.stopping ? 'The Flink runner was stopped' : `The Flink runner JVM ${why}`;
      this.pending.reject(this.failure(`${what} while running job ${this.pending.id}`));
      this.pending = undefined;
    }
    resolve();
  }

  private failure(message: string): Error {
    return new Error(`${message}. Last lines of its stderr:\n${this.stderr.text() || '(none)'}`);
  }

  /** The next JSON line on stdout; non-JSON lines (none are expected) go to the stderr tail. */
  private async nextMessage(): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) return undefined;
      try {
        const value: unknown = JSON.parse(next.value);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // fall through
      }
      this.stderr.add(`[stdout] ${next.value}`);
    }
  }

  async ready(timeoutMs: number): Promise<ReadyEvent> {
    const first = await this.withTimeout(this.nextMessage(), timeoutMs, `did not start within ${timeoutMs} ms`);
    if (first?.event === 'ready') {
      return { flinkVersion: String(first.flinkVersion), restUrl: String(first.restUrl), startupMs: Number(first.startupMs) };
    }
    await this.exited.catch(() => undefined);
    const said = typeof first?.error === 'string' ? `: ${first.error}` : ` (${this.dead ?? 'no ready line'})`;
    throw this.failure(`The Flink runner could not start${said}`);
  }

  async oneShot(timeoutMs: number): Promise<FlinkSqlResult> {
    const first = await this.withTimeout(this.nextMessage(), timeoutMs, `did not answer within ${timeoutMs} ms`);
    if (first && first.event === undefined) return parseAnswer(first);
    await this.exited;
    const said = typeof first?.error === 'string' ? `: ${first.error}` : ` (${this.dead ?? 'no answer'})`;
    throw this.failure(`The Flink runner failed${said}`);
  }

  private async withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(this.failure(`The Flink runner ${what}`));
      }, ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues one request; answers are read in order, so each waits for the previous one. */
  request(body: Record<string, unknown>, timeoutMs: number): Promise<FlinkSqlResult> {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return Promise.reject(new Error(`timeoutMs must be > 0, got ${timeoutMs}`));
    const run = this.queue.then(() => this.send(body, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send(body: Record<string, unknown>, timeoutMs: number): Promise<FlinkSqlResult> {
    if (this.stopping) return Promise.reject(new Error('The Flink runner was stopped'));
    if (this.dead) return Promise.reject(this.failure(`The Flink runner JVM ${this.dead}`));
    const id = this.nextId++;
    return new Promise<FlinkSqlResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(this.failure(`The Flink runner did not answer job ${id} within ${timeoutMs + ANSWER_GRACE_MS} ms; killed it`));
        this.child.kill('SIGKILL');
      }, timeoutMs + ANSWER_GRACE_MS);
      this.pending = { id, resolve, reject, timer };
      this.child.stdin.write(JSON.stringify({ id, ...body, timeoutMs }) + '\n');
      void this.readAnswer(id);
    });
  }

  private async readAnswer(id: number): Promise<void> {
    const message = await this.nextMessage().catch(() => undefined);
    const pending = this.pending;
    if (!pending || pending.id !== id || message === undefined) return; // timed out, or died: handled there
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (message.id !== id) {
      pending.reject(this.failure(`The Flink runner answered job ${String(message.id)} while job ${id} was expected`));
      return;
    }
    try {
      pending.resolve(parseAnswer(message));
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.disarmWatchdog();
    if (!this.dead) {
      // Idle: end of stdin makes the JVM close the cluster and exit. Busy: do not wait for the job.
      if (this.pending) this.child.kill('SIGTERM');
      else this.child.stdin.end();
      const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(killer);
    }
    await rm(this.workDir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * The run's keyed-state backends and timer services: one `HeapKeyedStateBackend` and
 * `HeapTimerService` per operator, or — with `stateBackend: "leveldb"` — one
 * `LevelDbKeyedStateBackend` and `LevelDbTimerService` per operator over a shared working
 * LevelDB (`<checkpoint dir>/working`, or a temporary folder removed at the end). The working
 * database is scratch space: it is cleared at start and refilled from a checkpoint on restore.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { classicLevel } from '../level.ts';
import { HeapKeyedStateBackend } from './heap-backend.ts';
import type { KeyedStateBackend } from './keyed-state.ts';
import { LevelDbKeyedStateBackend, type LevelDbHandle } from './leveldb-backend.ts';
import type { InternalTimerService } from './event-timers.ts';
import { LevelDbTimerService } from './leveldb-timer-service.ts';
import { HeapTimerService } from './heap-timer-service.ts';

/** The working LevelDB, created when the store opens (the addon loads on first use). */
export class WorkingDatabase implements LevelDbHandle {
  private instance: ClassicLevel<string, Buffer> | undefined;

  constructor(readonly dir: string) {}

  /** @throws Error before `open`. */
  get db(): ClassicLevel<string, Buffer> {
    if (!this.instance) throw new Error('the working state database is not open yet');
    return this.instance;
  }

  async open(): Promise<void> {
    const ClassicLevelClass = await classicLevel();
    // Scratch space tuned for CPU rather than disk: no compression, a larger block cache and
    // write buffer than LevelDB's defaults (8 MiB, 4 MiB).
    this.instance = new ClassicLevelClass<string, Buffer>(this.dir, { keyEncoding: 'utf8', valueEncoding: 'buffer', compression: false, cacheSize: 64 << 20, writeBufferSize: 16 << 20 });
    await this.instance.open();
  }

  async close(): Promise<void> {
    await this.instance?.close();
  }
}

export class StateBackend {
  private readonly db: WorkingDatabase | undefined;
  private readonly backends: LevelDbKeyedStateBackend[] = [];
  private readonly timerServices: LevelDbTimerService[] = [];
  private readonly temporary: string | undefined;

  constructor(
    readonly kind: 'heap' | 'leveldb',
    private readonly cacheEntries: number,
    checkpointDir?: string,
  ) {
    if (kind !== 'leveldb') return;
    const dir = checkpointDir ? join(checkpointDir, 'working') : (this.temporary = mkdtempSync(join(tmpdir(), 'tributary-state-')));
    this.db = new WorkingDatabase(dir);
  }

  /** A backend for one operator. */
  backendFor(nodeId: string): KeyedStateBackend {
    if (!this.db) return new HeapKeyedStateBackend();
    const backend = new LevelDbKeyedStateBackend(this.db, `${nodeId}/`, this.cacheEntries);
    this.backends.push(backend);
    return backend;
  }

  /** The timer service for one operator; `state` is what `backendFor` gave that operator. */
  timersFor(nodeId: string, state: KeyedStateBackend): InternalTimerService {
    if (!(state instanceof LevelDbKeyedStateBackend)) return new HeapTimerService();
    const timers = new LevelDbTimerService(state, nodeId);
    this.timerServices.push(timers);
    return timers;
  }

  /** Opens the working database and loads restored state and timers. Call before operators open. */
  async open(): Promise<void> {
    if (!this.db) return;
    await this.db.open();
    for (const b of this.backends) await b.restoreEntries();
    for (const t of this.timerServices) await t.open();
  }

  /** Writes back evicted entries (sources' chunk boundaries). */
  async flushAll(): Promise<void> {
    for (const b of this.backends) await b.flush();
  }

  async close(): Promise<void> {
    if (!this.db) return;
    for (const b of this.backends) await b.drain();
    await this.db.close();
    if (this.temporary) rmSync(this.temporary, { recursive: true, force: true });
  }
}

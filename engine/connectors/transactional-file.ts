/**
 * Exactly-once appends to a JSON Lines file, by two-phase commit over checkpoint epochs
 * (Flink's `TwoPhaseCommitSinkFunction` / `FileSink` pending files):
 * - records after the previous barrier are written to `<dir>/.tributary-pending/<name>/open.jsonl`;
 * - at barrier n (pre-commit) that file is flushed and renamed `epoch-<n>.jsonl`, the checkpoint
 *   records `{ committedLength, epoch: n, pendingBytes }`, and the pending file is made durable
 *   (`persist`, fsync) before the checkpoint may commit;
 * - when checkpoint n is durable (commit) the pending file is appended to the final file, which
 *   is persisted, and only then the pending file is deleted.
 * Durability goes through `persist` because a sandboxed job cannot fsync itself (Node 20's
 * permission model disables it; the launcher does it, see `engine/launch/launch-job.ts`).
 * Recovery from checkpoint n truncates the final file to `committedLength`, re-appends epoch
 * n's pending file if it still exists (or checks it was already appended), and discards every
 * other pending file: output of epochs after n belongs to the replay. It refuses a final file
 * that is missing or shorter than what checkpoint n committed.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** What a checkpoint records for one transactional file. */
export interface TransactionalFileSnapshot {
  committedLength: number;
  epoch: number;
  pendingBytes: number;
  /** The file's absolute path (absent in checkpoints written before it was recorded). */
  path?: string;
}

const FLUSH_AT = 1 << 20;

export class TransactionalFile {
  private readonly pendingDir: string;
  private committedLength = 0;
  private fd: number | undefined;
  private buffer = '';
  private bytes = 0;

  /** Epoch files awaiting their fsync (`durable`). */
  private persisting: Promise<void>[] = [];

  /** @param persist makes a file durable (fsync), see `OperatorContext.persist`. */
  constructor(
    readonly path: string,
    private readonly persist: (path: string) => Promise<void>,
  ) {
    this.pendingDir = join(dirname(path), '.tributary-pending', basename(path));
  }

  private pendingPath(epoch: number): string {
    return join(this.pendingDir, `epoch-${epoch}.jsonl`);
  }

  /** A fresh run: empties the final file and forgets every pending file. */
  startFresh(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    rmSync(this.pendingDir, { recursive: true, force: true });
    closeSync(openSync(this.path, 'w'));
    this.committedLength = 0;
  }

  /**
   * Restores to checkpoint `s.epoch`: the final file ends exactly after that epoch's output.
   * The file must still hold what the checkpoint committed: a restore appends to it, so a file
   * deleted or cut short since would silently lose rows. Only a file at another path than the
   * checkpoint's (a savepoint restored into a new output folder) may start empty.
   * @returns a note for the log, if any.
   * @throws Error naming the file and the length it must have when it is missing or shorter
   *   than the checkpoint committed (output was lost outside the engine).
   */
  async recover(s: TransactionalFileSnapshot): Promise<string | undefined> {
    mkdirSync(dirname(this.path), { recursive: true });
    const target = s.committedLength + s.pendingBytes;
    const pending = this.pendingPath(s.epoch);
    const pendingKept = existsSync(pending) && statSync(pending).size === s.pendingBytes;
    // With the epoch's pending output still on disk only what was committed before it must be there.
    const needed = pendingKept ? s.committedLength : target;
    if (!existsSync(this.path)) {
      if (s.path !== undefined && resolve(s.path) !== resolve(this.path)) {
        // A new destination: what the checkpoint committed lives in the old one.
        this.startFresh();
        return `the output file did not exist: it was started empty; the output up to checkpoint ${s.epoch} is in ${s.path}`;
      }
      if (needed > 0)
        throw new Error(
          `${this.path} is missing, but checkpoint ${s.epoch} committed ${needed} bytes to it; restoring would append to an empty file and lose them. Put the file back, write to another path, or run with --fresh`,
        );
    }
    const size = existsSync(this.path) ? statSync(this.path).size : 0;
    if (size < needed)
      throw new Error(`${this.path} has ${size} bytes, but checkpoint ${s.epoch} committed ${needed}${pendingKept ? '' : ' and its pending output is gone'}; put the whole file back or run with --fresh`);
    if (!existsSync(this.path)) closeSync(openSync(this.path, 'w')); // nothing was committed yet
    if (pendingKept) {
      truncateSync(this.path, s.committedLength);
      await this.appendDurably(readFileSync(pending));
    } else truncateSync(this.path, target);
    rmSync(this.pendingDir, { recursive: true, force: true });
    this.committedLength = target;
    return undefined;
  }

  write(line: string): void {
    this.buffer += line;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (this.fd === undefined) {
      mkdirSync(this.pendingDir, { recursive: true });
      this.fd = openSync(join(this.pendingDir, 'open.jsonl'), 'w');
    }
    const chunk = Buffer.from(this.buffer);
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.buffer = '';
  }

  /**
   * Pre-commit at barrier `checkpointId`: the epoch's output moves to its pending file, whose
   * durability `durable()` awaits.
   */
  preCommit(checkpointId: number): TransactionalFileSnapshot {
    this.flush();
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      const epochFile = this.pendingPath(checkpointId);
      renameSync(join(this.pendingDir, 'open.jsonl'), epochFile);
      this.persisting.push(this.persist(epochFile).then(() => this.persist(this.pendingDir)));
    }
    const snapshot = { committedLength: this.committedLength, epoch: checkpointId, pendingBytes: this.bytes, path: resolve(this.path) };
    this.bytes = 0;
    return snapshot;
  }

  /** Resolves when every pre-committed epoch file is durable. @throws Error when an fsync failed. */
  async durable(): Promise<void> {
    const waiting = this.persisting;
    this.persisting = [];
    await Promise.all(waiting);
  }

  /**
   * Commit of checkpoint `checkpointId`: appends its pending output to the final file. The
   * pending file is deleted once the final file is durable (until then a restore re-appends it).
   * @returns when the final file is durable.
   */
  async commit(checkpointId: number, snapshot: TransactionalFileSnapshot): Promise<void> {
    const pending = this.pendingPath(checkpointId);
    this.committedLength = snapshot.committedLength + snapshot.pendingBytes;
    if (snapshot.pendingBytes > 0) await this.appendDurably(readFileSync(pending));
    rmSync(pending, { force: true });
  }

  private async appendDurably(data: Buffer): Promise<void> {
    appendFileSync(this.path, data);
    await this.persist(this.path);
  }

  /** Closes the open epoch (its records stay pending) and removes empty pending folders. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    for (const dir of [this.pendingDir, dirname(this.pendingDir)]) {
      if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Pending epochs left on disk (for tests). */
  pendingEpochs(): string[] {
    return existsSync(this.pendingDir) ? readdirSync(this.pendingDir) : [];
  }
}

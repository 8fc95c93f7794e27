/** Starts `tributary run` as a child process that a test can kill at any moment. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../cli/run-cli.ts';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the exit code (or signal) and all stderr. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
  stderr(): string;
}

export function startRun(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [join(REPO, 'bin/tributary.mjs'), 'run', ...args, '--no-progress'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
  return { child, done, stderr: () => stderr };
}

/** mulberry32 (test/harness/seeded-random.ts). */
export { seededRandom as seeded } from '../harness/seeded-random.ts';

/**
 * Finding and running the JDK and Maven tools the Flink runner needs (`java`, `javac`, `mvn`):
 * where they are (JAVA_HOME is honoured), whether they actually run, and running a command to
 * completion with its output kept for error messages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const IS_WINDOWS = process.platform === 'win32';

/** `java` from `$JAVA_HOME/bin`, else from PATH. */
export function javaBin(): string {
  return jdkTool('java');
}

/** `javac` from `$JAVA_HOME/bin`, else from PATH. */
export function javacBin(): string {
  return jdkTool('javac');
}

/** `mvn` from PATH (`mvn.cmd` on Windows). */
export function mvnBin(): string {
  return IS_WINDOWS ? 'mvn.cmd' : 'mvn';
}

function jdkTool(name: string): string {
  const home = process.env.JAVA_HOME;
  const file = IS_WINDOWS ? `${name}.exe` : name;
  return home ? join(home, 'bin', file) : file;
}

/**
 * Runs `command args` to see that it works; a PATH lookup alone is not enough (macOS ships a
 * `java` stub that fails without a JDK).
 *
 * @returns why it does not work, or undefined when it does.
 */
export function commandProblem(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000, shell: IS_WINDOWS });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `'${command}' was not found on PATH`;
  if (result.error) return `'${command} ${args.join(' ')}' failed: ${result.error.message}`;
  if (result.status !== 0) return `'${command} ${args.join(' ')}' exited with ${result.status}`;
  return undefined;
}

/**
 * Runs a command to completion, capturing stdout and stderr together.
 *
 * @returns the exit code (1 if killed by a signal) and the combined output.
 * @throws Error if the command cannot be started at all.
 */
export function runCommand(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: IS_WINDOWS });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => reject(new Error(`Cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
}

/** The last `count` lines of `text`. */
export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

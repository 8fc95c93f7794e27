/**
 * The runner JVM as a child process: its private work directory (FLINK_CONF_DIR, java.io.tmpdir,
 * the log4j2 configuration), its command line (heap, Java 17 module flags as in Flink 1.20's
 * config.yaml, classpath), the last lines of its stderr, and a watchdog that kills it and
 * deletes the work directory if this Node process dies without stopping it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Socket } from 'node:net';
import { javaBin } from './java-tools.ts';
import { RUNNER_MAIN_CLASS, type FlinkRunnerInstall } from './flink-jars.ts';

/** log4j2 levels the runner accepts for its stderr log. */
export type FlinkLogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';

/** How to launch the runner JVM. */
export interface JvmSettings {
  /** Slots of the one TaskManager and `parallelism.default` (default 1). */
  parallelism: number;
  /** Maximum heap in MiB (-Xmx; default 1024). */
  heapMb: number;
  /** Flink options for the cluster and the SQL sessions (`--conf key=value`). */
  config: Readonly<Record<string, string>>;
  /** Root log level of the JVM's stderr log (default WARN). */
  logLevel: FlinkLogLevel;
  /** How many stderr lines to keep for error messages (default 200). */
  stderrLines: number;
}

/**
 * The module flags Flink 1.20's own config.yaml sets (env.java.opts.all) for Java 17: Flink's
 * serializers reflect into these JDK packages.
 */
const JAVA_17_FLAGS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  ...['java.lang', 'java.net', 'java.io', 'java.nio', 'sun.nio.ch', 'java.lang.reflect', 'java.text', 'java.time', 'java.util', 'java.util.concurrent', 'java.util.concurrent.atomic', 'java.util.concurrent.locks'].map(
    (pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`,
  ),
];

function log4jProperties(level: FlinkLogLevel): string {
  return [
    `rootLogger.level = ${level}`,
    'rootLogger.appenderRef.stderr.ref = stderr',
    'appender.stderr.type = Console',
    'appender.stderr.name = stderr',
    'appender.stderr.target = SYSTEM_ERR',
    'appender.stderr.layout.type = PatternLayout',
    'appender.stderr.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n',
    // Harmless WARNs every start prints (no YARN CLI, no plugins dir, no log file for the web UI).
    'logger.cli.name = org.apache.flink.client.cli.CliFrontend',
    'logger.cli.level = ERROR',
    'logger.plugins.name = org.apache.flink.core.plugin.PluginConfig',
    'logger.plugins.level = ERROR',
    'logger.webmon.name = org.apache.flink.runtime.webmonitor.WebMonitorUtils',
    'logger.webmon.level = ERROR',
    'logger.tokens.name = org.apache.flink.runtime.security.token.DefaultDelegationTokenManager',
    'logger.tokens.level = ERROR',
    'logger.workflow.name = org.apache.flink.table.workflow.WorkflowSchedulerFactoryUtil',
    'logger.workflow.level = ERROR',
    '',
  ].join('\n');
}

/** Creates `$TMPDIR/tributary-flink-*` with `conf/`, `tmp/` and `log4j2.properties`. */
export async function makeWorkDir(level: FlinkLogLevel): Promise<string> {
  const workDir = await mkdtemp(join(tmpdir(), 'tributary-flink-'));
  await mkdir(join(workDir, 'conf'));
  await mkdir(join(workDir, 'tmp'));
  await writeFile(join(workDir, 'log4j2.properties'), log4jProperties(level));
  return workDir;
}

export type RunnerChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** Spawns the runner JVM in `workDir` with `extraArgs` (e.g. `--file job.sql`). */
export function spawnRunner(install: FlinkRunnerInstall, workDir: string, settings: JvmSettings, extraArgs: readonly string[]): RunnerChild {
  const args = [
    `-Xmx${settings.heapMb}m`,
    '-XX:+UseSerialGC', // one GC thread: the machine's cores belong to the jobs and the tests
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    `-Djava.io.tmpdir=${join(workDir, 'tmp')}`,
    `-Dlog4j.configurationFile=${join(workDir, 'log4j2.properties')}`,
    ...JAVA_17_FLAGS,
    '-cp',
    install.classpath, // the `libs/*` wildcard is expanded by the java launcher, not a shell
    RUNNER_MAIN_CLASS,
    '--parallelism',
    String(settings.parallelism),
    ...Object.entries(settings.config).flatMap(([key, value]) => ['--conf', `${key}=${value}`]),
    ...extraArgs,
  ];
  return spawn(javaBin(), args, {
    cwd: workDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FLINK_CONF_DIR: join(workDir, 'conf'), FLINK_PLUGINS_DIR: join(workDir, 'plugins') },
  });
}

/** Keeps the last `limit` lines written to a stream. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly limit: number) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }

  text(): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].join('\n');
  }
}

const WATCHDOG_SCRIPT = `
const [pid, dir] = process.argv.slice(1);
process.on('SIGINT', () => {}); // Ctrl+C reaches the whole process group: outlive the parent
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  try { process.kill(Number(pid), 'SIGKILL'); } catch {}
  require('node:fs').rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  process.exit(0);
});`;

/**
 * A tiny Node process holding a pipe from us: if this process dies in any way (SIGKILL, crash,
 * test runner killed) the pipe closes and the watchdog SIGKILLs the JVM and deletes its work
 * directory. An 'exit' hook could not do this: it does not run on signals.
 */
export function spawnWatchdog(pid: number, workDir: string): RunnerWatchdog {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(pid), workDir], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined); // without a watchdog the runner still works
  watchdog.unref(); // neither the process nor its pipe may keep our event loop alive
  (watchdog.stdin as Socket | null)?.unref();
  return { disarm: () => watchdog.kill() };
}

/** Stops a watchdog without letting it act (the JVM is stopped properly instead). */
export interface RunnerWatchdog {
  disarm(): void;
}

/**
 * Installing the Flink runner: Apache Flink's jars fetched from Maven Central with `mvn`
 * (engine/flink/runner/pom.xml, the single place that pins the versions), and the runner's Java
 * source compiled against them with `javac`, both cached on disk:
 *
 *   <cache>/<FLINK_VERSION>/libs-<hash of pom.xml>/*.jar
 *   <cache>/<FLINK_VERSION>/runner-<hash of the sources, pom and Flink version>/  (classes)
 *
 * `<cache>` is `$TRIBUTARY_FLINK_CACHE`, else `~/.cache/tributary/flink`. Each directory is built
 * in a private staging directory and renamed into place, so it only ever appears complete, and
 * concurrent callers (in this process or others) are safe: the loser of the rename uses the
 * winner's copy. Changing the pom or the Java source gives new directories; old ones can be
 * deleted by hand.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandProblem, javaBin, javacBin, lastLines, mvnBin, runCommand } from './java-tools.ts';

/** Whether the runner can start here; `reason` is printable (what is missing and how to fix it). */
export type FlinkAvailability = { ok: true } | { ok: false; reason: string };

/** Where an installed runner lives. */
export interface FlinkRunnerInstall {
  /** The Flink version the jars are (from the pom), e.g. `1.20.3`. */
  readonly flinkVersion: string;
  /** Directory of the Flink jars and their dependencies. */
  readonly libsDir: string;
  /** Directory of the compiled runner classes (`dev/tributary/flink/*.class`). */
  readonly classesDir: string;
  /** The JVM classpath: the classes first, then every jar of `libsDir` (a `dir/*` wildcard). */
  readonly classpath: string;
}

/** Options for {@link ensureFlinkRunner}. */
export interface EnsureOptions {
  /** Progress lines while Maven or javac runs (default: written to stderr with a `[flink]` prefix). */
  log?: (line: string) => void;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const RUNNER_DIR = join(HERE, 'runner');
const POM = join(RUNNER_DIR, 'pom.xml');
const SOURCE_DIR = join(RUNNER_DIR, 'src');
/** The class the runner JVM starts. */
export const RUNNER_MAIN_CLASS = 'dev.tributary.flink.FlinkRunner';

/** The Flink version pinned by engine/flink/runner/pom.xml (`<flink.version>`). */
export const FLINK_VERSION = readFlinkVersion();

let installPromise: Promise<FlinkRunnerInstall> | undefined;
const toolChecks = new Map<string, FlinkAvailability>();

function readFlinkVersion(): string {
  const match = /<flink\.version>([^<]+)<\/flink\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new Error(`No <flink.version> property in ${POM}`);
  return match[1].trim();
}

/** The cache root: `$TRIBUTARY_FLINK_CACHE`, else `~/.cache/tributary/flink`. */
export function flinkCacheRoot(): string {
  return process.env.TRIBUTARY_FLINK_CACHE ?? join(homedir(), '.cache', 'tributary', 'flink');
}

function shortHash(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 12);
}

function javaSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...javaSources(path));
    else if (entry.name.endsWith('.java')) found.push(path);
  }
  return found.sort();
}

function cachePaths(): { libsDir: string; classesDir: string; sources: string[] } {
  const pom = readFileSync(POM, 'utf8');
  const pomHash = shortHash(pom);
  const sources = javaSources(SOURCE_DIR);
  const sourceParts = sources.flatMap((file) => [relative(SOURCE_DIR, file), readFileSync(file, 'utf8')]);
  const versionDir = join(flinkCacheRoot(), FLINK_VERSION);
  return {
    libsDir: join(versionDir, `libs-${pomHash}`),
    classesDir: join(versionDir, `runner-${shortHash(FLINK_VERSION, pomHash, ...sourceParts)}`),
    sources,
  };
}

/** Directories only ever appear complete (see moveIntoPlace), so one known file proves them. */
function jarsPresent(libsDir: string): boolean {
  return existsSync(join(libsDir, `flink-runtime-${FLINK_VERSION}.jar`));
}

function classesPresent(classesDir: string): boolean {
  return existsSync(join(classesDir, ...RUNNER_MAIN_CLASS.split('.')) + '.class');
}

function checkTool(command: string, args: string[], fix: string): FlinkAvailability {
  const key = `${command} ${args.join(' ')}`;
  let check = toolChecks.get(key);
  if (!check) {
    const problem = commandProblem(command, args);
    check = problem === undefined ? { ok: true } : { ok: false, reason: `${problem}; ${fix}` };
    toolChecks.set(key, check);
  }
  return check;
}

/**
 * Synchronously checks whether the Flink runner can start on this machine: `java` must run,
 * `javac` unless the runner is already compiled, `mvn` unless the jars are already cached.
 * Never throws; tool checks are remembered for the life of the process.
 *
 * @returns `{ ok: true }`, or `{ ok: false, reason }` with a human-readable reason, e.g. for a
 *   test to print before skipping or the CLI to show.
 */
export function flinkAvailability(): FlinkAvailability {
  const java = checkTool(javaBin(), ['-version'], 'install a JDK (11 or newer; 17 recommended) or set JAVA_HOME');
  if (!java.ok) return java;
  const { libsDir, classesDir } = cachePaths();
  if (!classesPresent(classesDir)) {
    const javac = checkTool(javacBin(), ['-version'], 'install a full JDK (javac compiles the Flink runner once), not only a JRE');
    if (!javac.ok) return javac;
  }
  if (!jarsPresent(libsDir)) {
    const mvn = checkTool(mvnBin(), ['-v'], `install Apache Maven, which fetches the Apache Flink ${FLINK_VERSION} jars once`);
    if (!mvn.ok) return mvn;
  }
  return { ok: true };
}

/**
 * Makes sure the Flink jars are cached and the runner compiled, fetching (Maven, ~140 MB the
 * first time) and compiling (javac) as needed. Concurrent callers are safe; a failed attempt
 * is retried by the next call.
 *
 * @returns where the runner is installed.
 * @throws Error if a tool is missing (the reason from {@link flinkAvailability}), Maven cannot
 *   fetch the jars, or javac fails (each with the tail of the tool's output).
 */
export function ensureFlinkRunner(options: EnsureOptions = {}): Promise<FlinkRunnerInstall> {
  installPromise ??= install(options.log ?? defaultLog).catch((error: unknown) => {
    installPromise = undefined;
    throw error;
  });
  return installPromise;
}

function defaultLog(line: string): void {
  process.stderr.write(`[flink] ${line}\n`);
}

async function install(log: (line: string) => void): Promise<FlinkRunnerInstall> {
  const availability = flinkAvailability();
  if (!availability.ok) throw new Error(`Cannot run Apache Flink ${FLINK_VERSION}: ${availability.reason}`);
  const { libsDir, classesDir, sources } = cachePaths();
  if (!jarsPresent(libsDir)) await fetchJars(libsDir, log);
  if (!classesPresent(classesDir)) await compileRunner(libsDir, classesDir, sources, log);
  return { flinkVersion: FLINK_VERSION, libsDir, classesDir, classpath: [classesDir, join(libsDir, '*')].join(delimiter) };
}

async function fetchJars(libsDir: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`fetching the Apache Flink ${FLINK_VERSION} jars with Maven into ${libsDir} …`);
  const ticker = setInterval(() => log(`still fetching (${((Date.now() - started) / 1000).toFixed(0)}s)`), 15_000);
  ticker.unref();
  try {
    await buildInto(libsDir, jarsPresent, async (staging) => {
      const args = ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`];
      const { code, output } = await runCommand(mvnBin(), args);
      if (code !== 0) throw new Error(`Maven failed to fetch the Flink ${FLINK_VERSION} jars (exit ${code}):\n${lastLines(output, 30)}`);
    });
  } finally {
    clearInterval(ticker);
  }
  log(`jars ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

async function compileRunner(libsDir: string, classesDir: string, sources: string[], log: (line: string) => void): Promise<void> {
  const started = Date.now();
  await buildInto(classesDir, classesPresent, async (staging) => {
    const args = ['--release', '11', '-nowarn', '-encoding', 'UTF-8', '-cp', join(libsDir, '*'), '-d', staging, ...sources];
    const { code, output } = await runCommand(javacBin(), args);
    if (code !== 0) throw new Error(`javac failed to compile the Flink runner (exit ${code}):\n${lastLines(output, 30)}`);
  });
  log(`runner compiled into ${classesDir} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

/** Builds `target` in a private staging directory, then renames it into place atomically. */
async function buildInto(target: string, complete: (dir: string) => boolean, build: (staging: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    await mkdir(staging);
    await build(staging);
    try {
      await rename(staging, target);
    } catch (error) {
      if (!complete(target)) throw error; // another process finished first: its copy is as good
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

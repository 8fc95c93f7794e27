// Fetching and caching Apache Kafka's broker jars with Maven, and checking that Java and Maven
// are there (the tests skip with the reason on a machine without them, and fail in CI).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type KafkaAvailability = { ok: true } | { ok: false; reason: string };

const HERE = dirname(fileURLToPath(import.meta.url));
const POM = join(HERE, 'pom.xml');
const TOOLS_POM = join(HERE, 'tools-pom.xml');
export const IS_WINDOWS = process.platform === 'win32';

/** The Kafka version the pom pins; the pom is the single source of truth for it. */
export const KAFKA_VERSION = readKafkaVersion();

let jarsPromise: Promise<string> | undefined;
let toolsPromise: Promise<string> | undefined;
let javaCheck: KafkaAvailability | undefined;
let mvnCheck: KafkaAvailability | undefined;

function readKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new Error(`No <kafka.version> property in ${POM}`);
  return match[1].trim();
}

function cacheRoot(): string {
  return process.env.TRIBUTARY_KAFKA_CACHE ?? join(homedir(), '.cache', 'tributary', 'kafka');
}

function libsDir(): string {
  return join(cacheRoot(), KAFKA_VERSION, 'libs');
}

function toolsDir(): string {
  return join(cacheRoot(), KAFKA_VERSION, 'tools');
}

/** `libs/` only ever appears fully populated (see moveIntoPlace), so one known jar proves it. */
function jarsPresent(libs: string): boolean {
  return existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`));
}

function toolsPresent(tools: string): boolean {
  return existsSync(join(tools, `kafka-tools-${KAFKA_VERSION}.jar`));
}

export function javaBin(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', IS_WINDOWS ? 'java.exe' : 'java') : 'java';
}

function mvnBin(): string {
  return IS_WINDOWS ? 'mvn.cmd' : 'mvn';
}

/**
 * Runs `command args` to see that it works; a PATH lookup alone is not enough, since macOS
 * ships a `java` stub that fails without a JDK. Returns why it does not, or undefined.
 */
function commandProblem(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000, shell: IS_WINDOWS });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `'${command}' was not found on PATH`;
  if (result.error) return `'${command} ${args.join(' ')}' failed: ${result.error.message}`;
  if (result.status !== 0) return `'${command} ${args.join(' ')}' exited with ${result.status}`;
  return undefined;
}

function availability(problem: string | undefined, fix: string): KafkaAvailability {
  return problem === undefined ? { ok: true } : { ok: false, reason: `${problem}; ${fix}` };
}

function checkJava(): KafkaAvailability {
  javaCheck ??= availability(
    commandProblem(javaBin(), ['-version']),
    'install a JDK (11 or newer) or set JAVA_HOME',
  );
  return javaCheck;
}

function checkMvn(): KafkaAvailability {
  mvnCheck ??= availability(
    commandProblem(mvnBin(), ['-v']),
    'install Apache Maven, which fetches the Kafka jars',
  );
  return mvnCheck;
}

/**
 * Synchronously checks whether a Kafka broker can be started on this machine: `java` must
 * run, and `mvn` must run unless the jars are already cached. Never throws.
 *
 * @returns `{ ok: true }`, or `{ ok: false, reason }` with a human-readable reason, e.g. for
 *   tests to print before skipping.
 */
export function kafkaAvailability(): KafkaAvailability {
  const java = checkJava();
  if (!java.ok) return java;
  return jarsPresent(libsDir()) ? { ok: true } : checkMvn();
}

/**
 * Makes sure the broker jars for {@link KAFKA_VERSION} are in the cache, fetching them with
 * Maven the first time (a progress line goes to stderr while Maven runs). The cache is
 * `~/.cache/tributary/kafka/<version>/libs`, or `$TRIBUTARY_KAFKA_CACHE/<version>/libs`.
 * Concurrent callers, in this process or others, are safe.
 *
 * @returns the absolute path of the `libs` directory.
 * @throws Error if `java` or `mvn` is missing, or if Maven fails (with the tail of its output).
 */
export function ensureKafkaJars(): Promise<string> {
  jarsPromise ??= fetchJarsOnce().catch((error: unknown) => {
    jarsPromise = undefined; // let a later call retry, e.g. after the network comes back
    throw error;
  });
  return jarsPromise;
}

async function fetchJarsOnce(): Promise<string> {
  const java = checkJava();
  if (!java.ok) throw new Error(`Cannot run a Kafka broker: ${java.reason}`);
  const libs = libsDir();
  if (jarsPresent(libs)) return libs;
  const mvn = checkMvn();
  if (!mvn.ok) throw new Error(`Cannot fetch the Kafka ${KAFKA_VERSION} jars: ${mvn.reason}`);
  await fetchJars(POM, libs, jarsPresent);
  return libs;
}

/**
 * Makes sure Kafka's command-line tools (`kafka-tools`, for `kafka-consumer-groups`) are in the
 * cache beside the broker jars, fetching them with Maven the first time (about 10 MB more).
 * @returns the absolute path of the `tools` directory (use it with the broker's `libs`).
 * @throws Error if `java` or `mvn` is missing, or if Maven fails.
 */
export function ensureKafkaToolsJars(): Promise<string> {
  toolsPromise ??= (async () => {
    await ensureKafkaJars();
    const tools = toolsDir();
    if (toolsPresent(tools)) return tools;
    const mvn = checkMvn();
    if (!mvn.ok) throw new Error(`Cannot fetch the Kafka ${KAFKA_VERSION} tools: ${mvn.reason}`);
    await fetchJars(TOOLS_POM, tools, toolsPresent);
    return tools;
  })().catch((error: unknown) => {
    toolsPromise = undefined;
    throw error;
  });
  return toolsPromise;
}

/** Whether the tools jars are cached or Maven can fetch them. Never throws. */
export function kafkaToolsAvailability(): KafkaAvailability {
  const broker = kafkaAvailability();
  if (!broker.ok) return broker;
  return toolsPresent(toolsDir()) ? { ok: true } : checkMvn();
}

/** Copies the jars `pom` resolves into a private staging dir, then renames it into place atomically. */
async function fetchJars(pom: string, libs: string, present: (dir: string) => boolean): Promise<void> {
  await mkdir(dirname(libs), { recursive: true });
  const staging = `${libs}.tmp-${process.pid}-${Date.now()}`;
  const started = Date.now();
  const progress = (what: string): void => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[kafka] ${what} (${seconds}s)\n`);
  };
  process.stderr.write(
    `[kafka] fetching Apache Kafka ${KAFKA_VERSION} jars with Maven into ${libs} …\n`,
  );
  const ticker = setInterval(() => progress('still fetching'), 15_000);
  ticker.unref();
  try {
    const { code, output } = await runCommand(mvnBin(), [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      pom,
      `-Dkafka.version=${KAFKA_VERSION}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ]);
    if (code !== 0) {
      throw new Error(
        `Maven failed to fetch the Kafka jars (exit ${code}):\n${lastLines(output, 30)}`,
      );
    }
    await moveIntoPlace(staging, libs, present);
    progress(`jars ready`);
  } finally {
    clearInterval(ticker);
    await rm(staging, { recursive: true, force: true });
  }
}

async function moveIntoPlace(staging: string, libs: string, present: (dir: string) => boolean): Promise<void> {
  try {
    await rename(staging, libs);
  } catch (error) {
    // Another process finished first: its copy is as good as ours.
    if (!present(libs)) throw error;
  }
}

/** Runs a command to completion, capturing stdout and stderr together. */
export function runCommand(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: IS_WINDOWS });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => reject(new Error(`Cannot run ${command}: ${error.message}`)));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }),
    );
  });
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

// A real, single-node Apache Kafka broker (KRaft mode, no ZooKeeper) for tests.
//
// The broker jars come from Maven Central through test/kafka/pom.xml and are cached once per
// Kafka version (kafka-jars.ts); each broker then runs as a plain `java -cp 'libs/*' kafka.Kafka` child process
// in its own temp directory, listening on 127.0.0.1 only. See test/kafka/README.md.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafkaJars, javaBin, lastLines, runCommand } from './kafka-jars.ts';
import { SECURE_PORT_COUNT, SECURE_USER, scramFormatArgs, securePorts, secureListeners, secureProperties, type SecureBroker, type SecurePorts } from './secure-listeners.ts';
import { makeTlsMaterial, type TlsMaterial } from './tls-material.ts';

export { ensureKafkaJars, kafkaAvailability, KAFKA_VERSION, type KafkaAvailability } from './kafka-jars.ts';
export { SECURE_USER, type SecureBroker } from './secure-listeners.ts';
export { opensslAvailability } from './tls-material.ts';

/** A running broker started by {@link startKafkaBroker}. */
export interface KafkaBroker {
  /** `127.0.0.1:<port>`, ready to pass to kafkajs `brokers: [bootstrap]`. */
  readonly bootstrap: string;
  /** The PLAINTEXT listener port on 127.0.0.1 (unchanged across restarts). */
  readonly port: number;
  /** Temp directory holding server.properties and the broker's data (`logs/`). */
  readonly dataDir: string;
  /** Stops the broker (SIGTERM, then SIGKILL) and deletes `dataDir`. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the broker and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** With `secure: true`: the secured listeners, their user and certificates. */
  readonly secure?: SecureBroker;
}

/** Options for {@link startKafkaBroker}. */
export interface KafkaBrokerOptions {
  /**
   * Directory for the broker's log file (`kafka-broker-<port>.log`), kept after `stop()`.
   * By default the log lives in `dataDir` and is deleted with it.
   */
  logDir?: string;
  /**
   * Also listen with SASL_PLAINTEXT, SASL_SSL, SSL (mTLS) and SSL with an expired certificate,
   * with a SCRAM/PLAIN user and fresh certificates (`secure-listeners.ts`; needs `openssl`).
   */
  secure?: boolean;
}

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;
// A small heap and the serial GC: a test broker holds little data and should not compete with
// the tests for cores. (-XX:TieredStopAtLevel=1 saved only ~0.1 s of a ~2.5 s start, at the
// cost of peak throughput, so the JIT is left alone.)
const JVM_FLAGS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-Xshare:auto',
  '-Djava.awt.headless=true',
  '-Djava.net.preferIPv4Stack=true',
];

/**
 * The ports we pick are free when we release them, but the OS may hand one out again (as the
 * local port of some outgoing connection) before the JVM binds it; starting afresh on new
 * ports fixes that.
 */
class PortTakenError extends Error {}

/** Spawn failures ('error' events) may fire before anyone awaits the child, so keep them. */
const spawnErrors = new WeakMap<ChildProcess, Error>();

/** Reserves distinct free ports on 127.0.0.1 by binding them all at once, then releases them. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('No TCP port bound');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/**
 * A cluster id as Kafka's `Uuid.randomUuid()` makes them: 16 random bytes in unpadded
 * base64url. Generating it here saves a JVM launch of `StorageTool random-uuid`.
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka rejects ids that look like command-line flags
  }
}

/** Properties files treat `\` as an escape; Java accepts `/` on every platform. */
function propertiesPath(path: string): string {
  return path.replaceAll('\\', '/');
}

interface SecureSetup {
  ports: SecurePorts;
  tls: TlsMaterial;
}

function serverProperties(dataDir: string, port: number, controllerPort: number, secure?: SecureSetup): string {
  const extra = secure ? secureListeners(secure.ports) : [];
  const listeners = [['PLAINTEXT', port] as const, ...extra].map(([name, p]) => `${name}://127.0.0.1:${p}`);
  const protocols = ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', ...extra.map(([name]) => `${name}:${name === 'EXPIRED' ? 'SSL' : name}`)];
  return [
    '# Single-node KRaft broker for Tributary tests (written by test/kafka/broker.ts).',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=${listeners.join(',')},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=${listeners.join(',')}`,
    `listener.security.protocol.map=${protocols.join(',')}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${propertiesPath(join(dataDir, 'logs'))}`,
    // One replica of everything; internal topics small so they are created quickly.
    'num.partitions=1',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    // Consumers in tests should get their partitions at once, not after 3 s.
    'group.initial.rebalance.delay.ms=0',
    // Small segments keep the data dir small and let retention tests roll segments.
    'log.segment.bytes=8388608',
    // Faster unfencing at startup: the broker heartbeats its (co-located) controller often.
    'broker.heartbeat.interval.ms=500',
    'num.network.threads=2',
    'num.io.threads=4',
    ...(secure ? secureProperties(secure.tls) : []),
    '',
  ].join('\n');
}

/**
 * WARN by default so the log stays small; the servers' lifecycle at INFO, so the tail of the
 * log shows how far a broker that never became ready got.
 */
const LOG4J_PROPERTIES = [
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaRaftServer=INFO',
  'log4j.logger.kafka.server.BrokerServer=INFO',
  'log4j.logger.kafka.server.ControllerServer=INFO',
  'log4j.logger.kafka.server.SharedServer=INFO',
  '',
].join('\n');

interface BrokerFiles {
  secure?: SecureSetup;
  libs: string;
  dataDir: string;
  serverProperties: string;
  log4jProperties: string;
  logFile: string;
}

function javaArgs(files: BrokerFiles, mainClass: string, args: string[]): string[] {
  return [
    ...JVM_FLAGS,
    `-Dlog4j.configuration=file:${propertiesPath(files.log4jProperties)}`,
    '-cp',
    join(files.libs, '*'), // expanded by the java launcher, not by a shell
    mainClass,
    ...args,
  ];
}

async function writeBrokerFiles(
  files: BrokerFiles,
  port: number,
  controllerPort: number,
): Promise<void> {
  await writeFile(files.serverProperties, serverProperties(files.dataDir, port, controllerPort, files.secure));
  await writeFile(files.log4jProperties, LOG4J_PROPERTIES);
}

async function formatStorage(files: BrokerFiles): Promise<void> {
  const args = ['format', '-t', randomClusterId(), '-c', files.serverProperties, ...(files.secure ? scramFormatArgs() : [])];
  const { code, output } = await runCommand(
    javaBin(),
    javaArgs(files, 'kafka.tools.StorageTool', args),
  );
  if (code !== 0) {
    throw new Error(`Kafka StorageTool format failed (exit ${code}):\n${lastLines(output, 30)}`);
  }
}

async function readLogTail(logFile: string): Promise<string> {
  try {
    return lastLines(await readFile(logFile, 'utf8'), 40) || '(empty)';
  } catch {
    return '(no log written)';
  }
}

/**
 * A broker JVM plus its watchdog: a tiny Node process that holds a pipe from us. If this
 * process dies in any way (test runner killed, SIGKILL, crash) the pipe closes and the
 * watchdog kills the JVM and deletes the data dir, so no orphaned broker keeps a port and
 * half a gigabyte. An 'exit' hook could not do this: it does not run on signals.
 */
interface RunningBroker {
  jvm: ChildProcess;
  watchdog: ChildProcess;
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

function spawnWatchdog(jvm: ChildProcess, dataDir: string): ChildProcess {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, String(jvm.pid), dataDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined); // without a watchdog the broker still works
  // Neither the process nor its pipe may keep our event loop (e.g. a test run) alive.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  return watchdog;
}

/** Spawns `kafka.Kafka` with stdout and stderr appended to the log file. */
async function spawnBroker(files: BrokerFiles): Promise<RunningBroker> {
  const log = await open(files.logFile, 'a');
  try {
    const jvm = spawn(javaBin(), javaArgs(files, 'kafka.Kafka', [files.serverProperties]), {
      cwd: files.dataDir,
      stdio: ['ignore', log.fd, log.fd],
    });
    jvm.on('error', (error) => spawnErrors.set(jvm, error));
    return { jvm, watchdog: spawnWatchdog(jvm, files.dataDir) };
  } finally {
    await log.close(); // the child holds its own copy of the descriptor
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One readiness probe: a fresh admin client connects and lists topics, without retries. */
async function probe(kafka: Kafka): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function waitUntilReady(
  child: ChildProcess,
  files: BrokerFiles,
  bootstrap: string,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'tributary-kafka-readiness',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING, // refused connections are expected while the JVM starts
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = 'none';
  while (Date.now() < deadline) {
    const spawnError = spawnErrors.get(child);
    if (spawnError || hasExited(child)) {
      const why = spawnError
        ? `could not be started (${spawnError.message})`
        : `exited (code ${child.exitCode}, signal ${child.signalCode})`;
      const message =
        `Kafka broker ${why} before becoming ready. ` +
        `Last lines of ${files.logFile}:\n${await readLogTail(files.logFile)}`;
      // The BindException's stack trace can push it out of the tail, so search the whole log.
      const portTaken = (await readFile(files.logFile, 'utf8').catch(() => '')).includes(
        'java.net.BindException',
      );
      throw portTaken ? new PortTakenError(message) : new Error(message);
    }
    try {
      await probe(kafka);
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(
    `Kafka broker at ${bootstrap} was not ready within ${READY_TIMEOUT_MS / 1000}s ` +
      `(last error: ${lastError}). Last lines of ${files.logFile}:\n${await readLogTail(files.logFile)}`,
  );
}

/** SIGTERM (Kafka then shuts down cleanly), SIGKILL if it takes longer than the grace period. */
async function terminate({ jvm, watchdog }: RunningBroker): Promise<void> {
  watchdog.kill(); // first, so that it does not delete the data dir a restart still needs
  await terminateProcess(jvm);
}

async function terminateProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return; // never started: no 'exit' to await
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
  }
}

/** Starts the JVM and waits for it to serve requests; kills it again if it never does. */
async function launch(files: BrokerFiles, bootstrap: string): Promise<RunningBroker> {
  const running = await spawnBroker(files);
  try {
    await waitUntilReady(running.jvm, files, bootstrap);
    return running;
  } catch (error) {
    await terminate(running);
    throw error;
  }
}

/**
 * Starts a fresh single-node Kafka broker (KRaft, combined broker+controller) bound to
 * 127.0.0.1 on a free port, in a new temp directory, and waits until a kafkajs admin client
 * can list topics. Fetches the jars first if needed (see {@link ensureKafkaJars}).
 *
 * Topics auto-create with 1 partition; internal topics have replication factor 1, so
 * transactions and consumer groups work. Call `stop()` when done; if this process dies
 * first, a watchdog process kills the broker and deletes its data dir.
 *
 * @returns a {@link KafkaBroker} handle.
 * @throws Error if java/mvn are missing, the jars cannot be fetched, storage formatting fails,
 *   or the broker exits or is not ready within 90 s (the message includes the broker log tail).
 */
export async function startKafkaBroker(opts: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const libs = await ensureKafkaJars();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnFreePorts(libs, opts);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error;
    }
  }
}

/** One start attempt in a fresh temp dir; deletes the dir again if the start fails. */
async function startOnFreePorts(libs: string, opts: KafkaBrokerOptions): Promise<KafkaBroker> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  try {
    const [port, controllerPort, ...more] = (await freePorts(opts.secure ? 2 + SECURE_PORT_COUNT : 2)) as [number, number, ...number[]];
    if (opts.logDir !== undefined) await mkdir(opts.logDir, { recursive: true });
    const files: BrokerFiles = {
      secure: opts.secure ? { ports: securePorts(more), tls: await makeTlsMaterial(join(dataDir, 'tls')) } : undefined,
      libs,
      dataDir,
      serverProperties: join(dataDir, 'server.properties'),
      log4jProperties: join(dataDir, 'log4j.properties'),
      logFile: join(opts.logDir ?? dataDir, `kafka-broker-${port}.log`),
    };
    await writeBrokerFiles(files, port, controllerPort);
    await formatStorage(files);
    const bootstrap = `127.0.0.1:${port}`;
    return brokerHandle(files, bootstrap, port, await launch(files, bootstrap));
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function brokerHandle(
  files: BrokerFiles,
  bootstrap: string,
  port: number,
  first: RunningBroker,
): KafkaBroker {
  let running: RunningBroker | undefined = first;
  let stopped = false;
  const s = files.secure;
  const at = (p: number): string => `127.0.0.1:${p}`;
  return {
    bootstrap,
    port,
    dataDir: files.dataDir,
    secure: s && { saslPlaintext: at(s.ports.saslPlaintext), saslSsl: at(s.ports.saslSsl), ssl: at(s.ports.ssl), sslExpired: at(s.ports.sslExpired), user: SECURE_USER, tls: s.tls },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (running) await terminate(running);
      running = undefined;
      await rm(files.dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
    async restart() {
      if (stopped) throw new Error(`Kafka broker at ${bootstrap} was stopped; cannot restart it`);
      if (running) await terminate(running);
      running = undefined; // if the relaunch fails, stop() only has the data dir left to clean
      running = await launch(files, bootstrap);
    },
  };
}

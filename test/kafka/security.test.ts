/**
 * Kafka security against one real broker configured with SCRAM users and TLS listeners
 * (certificates made by the test set-up with openssl; `startKafkaBroker({ secure: true })`):
 * the real CLI reads and writes through SASL/PLAIN and SCRAM-SHA-256 over SASL_PLAINTEXT,
 * SCRAM-SHA-512 over SASL_SSL with a custom CA file next to the pipeline, and mTLS, with the
 * password given literally, by `{ env }` and by `--set`; the output read back by kcat (over the
 * plain listener) equals the input. A wrong password, an unknown CA, an expired broker
 * certificate and an expired client certificate each end the run with one line naming the
 * connection and the cause, as the studio's connection check says too; no password is ever
 * printed. An exported bundle holds no password: it takes it from its parameter's environment
 * variable at run time.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { parseRequest } from '../../engine/host/protocol.ts';
import { REPO, tempDir, tributary, type CliResult } from '../cli/run-cli.ts';
import { exportAndInstall, startJob } from '../export/bundle-fixture.ts';
import { opensslAvailability, startKafkaBroker, type KafkaBroker, type SecureBroker } from './broker.ts';
import { availability, createTopic, kcatRead, produceLines, uniqueTopic, writePipeline } from './kafka-helpers.ts';

const openssl = opensslAvailability();
const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
if (availability.ok && !openssl.ok) {
  if (onCi) throw new Error(`Kafka security tests cannot run on CI: ${openssl.reason}`);
  console.warn(`Skipping Kafka security tests: ${openssl.reason}`);
}
const WRONG = 'not-the-Password-17';

describe.skipIf(!availability.ok || !openssl.ok)('Kafka security (real broker with SCRAM users and TLS listeners)', () => {
  let broker: KafkaBroker;
  let secure: SecureBroker;
  let input: string;
  const values = Array.from({ length: 300 }, (_, n) => JSON.stringify({ n, ts: 1_700_000_000_000 + n * 1000 }));

  beforeAll(async () => {
    const started = performance.now();
    broker = await startKafkaBroker({ secure: true });
    secure = broker.secure as SecureBroker;
    console.log(`secured Kafka broker (SASL_PLAINTEXT, SASL_SSL, mTLS, expired certificate) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    input = uniqueTopic('secure-in');
    await createTopic(broker.bootstrap, input, 2);
    await produceLines(broker.bootstrap, input, values, 2);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  /** source (bounded) → sink, both with `security` on `listener`. */
  function pipeline(dir: string, listener: string, security: Record<string, unknown>, output: string): string {
    return writePipeline(dir, 'secure', {
      version: 1,
      name: 'secure copy',
      nodes: [
        { id: 'src', type: 'kafkaSource', config: { brokers: [listener], topics: [input], stopAtEnd: true, time: { mode: 'event', field: 'ts' }, metadataField: '', retryTimeout: '10s', ...security } },
        { id: 'out', type: 'kafkaSink', config: { brokers: [listener], topic: output, retryTimeout: '10s', ...security } },
      ],
      edges: [{ id: 'e1', source: 'src', sourcePort: 'out', target: 'out', targetPort: 'in' }],
    });
  }

  function expectNoSecret(r: CliResult): void {
    for (const secret of [secure.user.password, WRONG]) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  }

  async function copiesInput(listener: string, security: Record<string, unknown>, options: { env?: Record<string, string>; set?: string[]; dir?: string } = {}): Promise<void> {
    const output = uniqueTopic('secure-out');
    await createTopic(broker.bootstrap, output, 1);
    const file = pipeline(options.dir ?? tempDir(), listener, security, output);
    const r = tributary(['run', file, '--no-progress', ...(options.set ?? []).flatMap((s) => ['--set', s])], { env: options.env });
    expect(r.status, r.stderr).toBe(0);
    expectNoSecret(r);
    const read = kcatRead(broker.bootstrap, output).map((x) => JSON.stringify(JSON.parse(x.payload)));
    expect(read.sort()).toEqual([...values].sort());
  }

  it('reads and writes with SASL/PLAIN and SCRAM-SHA-256 over SASL_PLAINTEXT (password literal, from { env }, from --set)', async () => {
    await copiesInput(secure.saslPlaintext, { sasl: { mechanism: 'plain', username: secure.user.username, password: secure.user.password } });
    await copiesInput(secure.saslPlaintext, { sasl: { mechanism: 'scram-sha-256', username: { env: 'TEST_KAFKA_USER' }, password: { env: 'TEST_KAFKA_PASSWORD' } } }, {
      env: { TEST_KAFKA_USER: secure.user.username, TEST_KAFKA_PASSWORD: secure.user.password },
    });
    await copiesInput(secure.saslPlaintext, { sasl: { mechanism: 'scram-sha-256', username: secure.user.username, password: 'placeholder' } }, {
      set: [`src.sasl.password=${secure.user.password}`, `out.sasl.password=${secure.user.password}`],
    });
  }, 120_000);

  it('reads and writes with SCRAM-SHA-512 over SASL_SSL, trusting a CA file beside the pipeline', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'certs'));
    copyFileSync(secure.tls.ca, join(dir, 'certs', 'ca.pem'));
    await copiesInput(secure.saslSsl, { ssl: { caFile: 'certs/ca.pem' }, sasl: { mechanism: 'scram-sha-512', username: secure.user.username, password: { env: 'TEST_KAFKA_PASSWORD' } } }, {
      dir,
      env: { TEST_KAFKA_PASSWORD: secure.user.password },
    });
  }, 120_000);

  it('reads and writes over mTLS with a client certificate and key', async () => {
    await copiesInput(secure.ssl, { ssl: { caFile: secure.tls.ca, certFile: secure.tls.clientCert, keyFile: secure.tls.clientKey } });
  }, 120_000);

  /** Runs a copy that must fail; @returns the one stderr line that says why. */
  async function failure(listener: string, security: Record<string, unknown>, env: Record<string, string> = {}): Promise<string> {
    const r = tributary(['run', pipeline(tempDir(), listener, security, uniqueTopic('never')), '--no-progress'], { env });
    expect(r.status, r.stderr).toBe(1);
    expectNoSecret(r);
    const lines = r.stderr.split('\n').filter((l) => l.includes('Kafka at'));
    expect(lines, r.stderr).toHaveLength(1);
    console.log(`failure line: ${lines[0]}`);
    return lines[0] as string;
  }

  const host = new EngineHost({ root: REPO });
  async function studioCheck(args: Record<string, unknown>): Promise<string | undefined> {
    const parsed = parseRequest({ kind: 'request', id: 1, call: 'kafkaCheck', args });
    if (!parsed.ok) throw new Error(parsed.error);
    const response = await host.handle(parsed.request);
    if (!response.ok) throw new Error(response.error);
    return (response.result as { error?: string }).error;
  }

  it('a wrong password: one line naming the connection and the cause', async () => {
    const sasl = { mechanism: 'scram-sha-512', username: secure.user.username, password: { env: 'TEST_KAFKA_PASSWORD' } };
    const line = await failure(secure.saslSsl, { ssl: { caFile: secure.tls.ca }, sasl }, { TEST_KAFKA_PASSWORD: WRONG });
    const expected = `Kafka at ${secure.saslSsl} (SASL_SSL, SCRAM-SHA-512 as alice): authentication failed: wrong user name or password (SCRAM-SHA-512)`;
    expect(line).toBe(`run failed: TRB101 node src: ${expected}`);
    expect(await studioCheck({ brokers: [secure.saslSsl], ssl: { caFile: secure.tls.ca }, sasl: { ...sasl, password: WRONG } })).toBe(expected);
  }, 60_000);

  it('an unknown CA: one line naming the connection and the cause', async () => {
    const line = await failure(secure.saslSsl, { ssl: { caFile: secure.tls.otherCa }, sasl: { mechanism: 'scram-sha-512', ...secure.user } });
    const prefix = `Kafka at ${secure.saslSsl} (SASL_SSL, SCRAM-SHA-512 as alice): TLS: the broker's certificate is signed by a CA this client does not trust`;
    expect(line.startsWith(`run failed: TRB101 node src: ${prefix}`), line).toBe(true);
    expect(line).toMatch(/give that CA with ssl\.caFile/);
    expect(await studioCheck({ brokers: [secure.saslSsl], ssl: { caFile: secure.tls.otherCa }, sasl: { mechanism: 'scram-sha-512', ...secure.user } })).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }, 60_000);

  it("an expired broker certificate, and an expired client certificate: one line each", async () => {
    const expired = `Kafka at ${secure.sslExpired} (SSL): TLS: the broker's certificate has expired (CERT_HAS_EXPIRED); the broker needs a new certificate`;
    expect(await failure(secure.sslExpired, { ssl: { caFile: secure.tls.ca } })).toBe(`run failed: TRB101 node src: ${expired}`);
    expect(await studioCheck({ brokers: [secure.sslExpired], ssl: { caFile: secure.tls.ca } })).toBe(expired);
    const client = await failure(secure.ssl, { ssl: { caFile: secure.tls.ca, certFile: secure.tls.expiredClientCert, keyFile: secure.tls.expiredClientKey } });
    expect(client).toMatch(new RegExp(`^run failed: TRB101 node src: Kafka at ${secure.ssl.replace(/\./g, '\\.')} \\(SSL\\): TLS: the client certificate \\(ssl\\.certFile / ssl\\.cert\\) expired on \\d{4}-`));
  }, 60_000);

  it('a credential from an unset environment variable is refused before the run, naming node, field and variable', () => {
    const r = tributary(['run', pipeline(tempDir(), secure.saslPlaintext, { sasl: { mechanism: 'plain', username: 'alice', password: { env: 'TEST_KAFKA_NOT_SET' } } }, 'x'), '--no-progress'], { env: { TEST_KAFKA_NOT_SET: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TRB017 node src, field sasl.password: environment variable TEST_KAFKA_NOT_SET is not set');
    expect(r.stderr).toContain('TRB017 node out, field sasl.password: environment variable TEST_KAFKA_NOT_SET is not set');
  });

  it('an exported bundle holds no password and takes it from its parameter’s environment variable', async () => {
    const output = uniqueTopic('bundle-out');
    await createTopic(broker.bootstrap, output, 1);
    const sasl = { mechanism: 'scram-sha-256', username: secure.user.username, password: secure.user.password };
    const bundle = exportAndInstall(pipeline(tempDir(), secure.saslPlaintext, { sasl }, output));
    for (const file of readdirSync(bundle.dir).filter((f) => f !== 'node_modules')) expect(readFileSync(join(bundle.dir, file), 'utf8'), file).not.toContain(secure.user.password);
    expect(bundle.exportOutput).not.toContain(secure.user.password);
    const exported = JSON.parse(readFileSync(join(bundle.dir, 'pipeline.json'), 'utf8')) as { nodes: { config: { sasl: unknown } }[] };
    expect(exported.nodes.map((n) => n.config.sasl)).toEqual([
      { ...sasl, password: { env: 'TRIBUTARY_PARAM_SRC_SASL_PASSWORD' } },
      { ...sasl, password: { env: 'TRIBUTARY_PARAM_OUT_SASL_PASSWORD' } },
    ]);
    const listed = await startJob(bundle.dir, ['--list-params']).done;
    expect(listed.stdout).toContain('src.sasl.password  (secret; env TRIBUTARY_PARAM_SRC_SASL_PASSWORD)  current: from environment variable TRIBUTARY_PARAM_SRC_SASL_PASSWORD');

    const missing = await startJob(bundle.dir, ['--no-progress']).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('environment variable TRIBUTARY_PARAM_SRC_SASL_PASSWORD is not set');
    const env = { TRIBUTARY_PARAM_SRC_SASL_PASSWORD: secure.user.password, TRIBUTARY_PARAM_OUT_SASL_PASSWORD: secure.user.password };
    const run = await startJob(bundle.dir, ['--no-progress'], env).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr + run.stdout).not.toContain(secure.user.password);
    expect(kcatRead(broker.bootstrap, output).map((x) => JSON.stringify(JSON.parse(x.payload))).sort()).toEqual([...values].sort());
  }, 180_000);
});

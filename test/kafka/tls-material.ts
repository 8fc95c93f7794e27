/**
 * Certificates for the secured test broker, made fresh with `openssl` in the broker's temp
 * directory: a test CA, an unrelated CA (an "unknown CA" for clients), the broker's key and
 * certificate (for 127.0.0.1 and localhost) as a PKCS#12 keystore, the same for an expired
 * certificate (valid for one day, a year ago; `openssl ca` can backdate, `openssl x509` cannot),
 * and a client certificate and key for mTLS (PEM, as Node's TLS takes them), plus an expired one.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaAvailability } from './kafka-jars.ts';

export interface TlsMaterial {
  dir: string;
  /** The CA that signed every certificate below (PEM): the broker's truststore, clients' `caFile`. */
  ca: string;
  /** A CA that signed nothing here (PEM): a client trusting only it sees an unknown CA. */
  otherCa: string;
  /** The broker's key and certificate chain (PKCS#12, `password`). */
  serverKeystore: string;
  /** The same with a certificate that expired a year ago. */
  expiredKeystore: string;
  password: string;
  /** mTLS client certificate and key (PEM). */
  clientCert: string;
  clientKey: string;
  /** A client certificate that expired a year ago, and its key (PEM). */
  expiredClientCert: string;
  expiredClientKey: string;
}

/** Whether `openssl` runs here. Never throws. */
export function opensslAvailability(): KafkaAvailability {
  const r = spawnSync('openssl', ['version'], { stdio: 'ignore', timeout: 10_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { ok: false, reason: "'openssl' was not found on PATH; install OpenSSL (Debian: openssl)" };
  if (r.error || r.status !== 0) return { ok: false, reason: `'openssl version' failed: ${r.error?.message ?? `exit ${r.status}`}` };
  return { ok: true };
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${r.stderr}`);
}

const caConfig = (dir: string): string => `
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
certificate = ${join(dir, 'ca.pem')}
private_key = ${join(dir, 'ca.key')}
database = ${join(dir, 'index.txt')}
new_certs_dir = ${join(dir, 'issued')}
serial = ${join(dir, 'serial')}
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
[ server_leaf ]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1,DNS:localhost
extendedKeyUsage = serverAuth
[ client_leaf ]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
`;

/** P-256 keys: generated in milliseconds where RSA takes a while; Java and Node both speak ECDSA. */
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/** YYYYMMDDHHMMSSZ, as `openssl ca -startdate` takes it. */
function asn1Time(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

/** Makes every file of `TlsMaterial` in `dir` (created). @throws Error when openssl fails. */
export async function makeTlsMaterial(dir: string): Promise<TlsMaterial> {
  await mkdir(join(dir, 'issued'), { recursive: true });
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await writeFile(join(dir, 'ca.cnf'), caConfig(dir));
  const password = 'tributary-test';
  const rootCa = (name: string, cn: string): void =>
    openssl(dir, ['req', '-x509', ...EC_KEY, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  rootCa('ca', 'Tributary test CA');
  rootCa('other-ca', 'Some other CA');
  const now = Date.now();
  const leaf = (name: string, cn: string, kind: 'server_leaf' | 'client_leaf', expired: boolean): void => {
    openssl(dir, ['req', ...EC_KEY, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    const [from, to] = expired ? [now - 366 * 86_400_000, now - 365 * 86_400_000] : [now - 3_600_000, now + 3 * 86_400_000];
    openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-extensions', kind, '-notext', '-startdate', asn1Time(from), '-enddate', asn1Time(to), '-in', `${name}.csr`, '-out', `${name}.pem`]);
  };
  leaf('server', 'localhost', 'server_leaf', false);
  leaf('expired-server', 'localhost', 'server_leaf', true);
  leaf('client', 'tributary-client', 'client_leaf', false);
  leaf('expired-client', 'tributary-client', 'client_leaf', true);
  for (const name of ['server', 'expired-server'])
    openssl(dir, ['pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-certfile', 'ca.pem', '-name', 'broker', '-out', `${name}.p12`, '-passout', `pass:${password}`]);
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    otherCa: join(dir, 'other-ca.pem'),
    serverKeystore: join(dir, 'server.p12'),
    expiredKeystore: join(dir, 'expired-server.p12'),
    password,
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    expiredClientCert: join(dir, 'expired-client.pem'),
    expiredClientKey: join(dir, 'expired-client.key'),
  };
}

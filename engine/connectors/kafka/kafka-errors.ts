/**
 * Kafka failures in words a user can act on. A client error (kafkajs's, or Node's TLS error
 * under it) is sorted into: authentication failed, TLS failed (unknown CA, expired or
 * not-yet-valid certificate, wrong host, client certificate refused, not a TLS listener),
 * broker unreachable, or anything else; the first two cannot get better by retrying. Messages
 * name the connection (`describeConnection`) and never hold a secret: kafkajs's SASL errors
 * carry no password, and nothing here prints the config.
 */

export type KafkaFailureKind = 'authentication' | 'tls' | 'unreachable' | 'other';

export interface KafkaFailure {
  kind: KafkaFailureKind;
  /** What went wrong and what to do, one line. */
  cause: string;
  /** Retrying cannot help (wrong credentials, a certificate problem). */
  permanent: boolean;
}

/** An error's string `code` (Node's `CERT_HAS_EXPIRED`, `ECONNREFUSED`); kafkajs protocol errors have numbers there. */
function codeOf(e: Error): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Every error in a `cause` (or kafkajs `originalError`) chain, outermost first. */
function chain(error: unknown): Error[] {
  const out: Error[] = [];
  for (let e: unknown = error; e instanceof Error && out.length < 8; ) {
    out.push(e);
    const next = e as { cause?: unknown; originalError?: unknown };
    e = next.cause instanceof Error ? next.cause : next.originalError;
  }
  return out;
}

/** Node's OpenSSL verification codes that mean "I do not know who signed this certificate". */
const UNKNOWN_CA = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);

/** Node's messages for the same checks, when the code got lost on the way. */
const UNKNOWN_CA_TEXT = /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate/i;

function tlsCause(code: string | undefined, text: string): string | undefined {
  if ((code !== undefined && UNKNOWN_CA.has(code)) || UNKNOWN_CA_TEXT.test(text))
    return `TLS: the broker's certificate is signed by a CA this client does not trust (${code ?? text.replace(/^Connection error: /, '')}); give that CA with ssl.caFile (or ssl.ca)`;
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(text)) return "TLS: the broker's certificate has expired (CERT_HAS_EXPIRED); the broker needs a new certificate";
  if (code === 'CERT_NOT_YET_VALID' || /certificate is not yet valid/i.test(text)) return "TLS: the broker's certificate is not valid yet (CERT_NOT_YET_VALID); check the clocks";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /does not match certificate's altnames/i.test(text))
    return "TLS: the broker's certificate is not for this host (ERR_TLS_CERT_ALTNAME_INVALID); connect by a name it lists, or set ssl.servername";
  const alert = /alert (bad certificate|certificate unknown|certificate required|unknown ca|certificate expired|handshake failure)/i.exec(text);
  if (alert)
    return `TLS: the broker refused the client certificate (SSL alert "${alert[1]?.toLowerCase()}"): mTLS needs ssl.certFile and ssl.keyFile, signed by a CA the broker trusts and not expired`;
  if (/wrong version number|packet length too long|unknown protocol/i.test(text)) return 'TLS handshake failed: this listener does not speak TLS (remove ssl, or use the TLS port)';
  if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_') || /\b(SSL|TLS)\b|certificate/i.test(text)) return `TLS failed: ${text}`;
  return undefined;
}

/** Sorts a client error into a `KafkaFailure` (see the file header). */
export function kafkaFailure(error: unknown): KafkaFailure {
  const errors = chain(error);
  const texts = errors.map((e) => `${e.name}: ${e.message}`);
  const all = texts.join(' | ');
  const innermost = errors[errors.length - 1];
  const message = innermost ? innermost.message : String(error);
  const auth = errors.find((e) => e.name === 'KafkaJSSASLAuthenticationError' || /SASL_AUTHENTICATION_FAILED|SaslAuthenticat|authentication failed/i.test(e.message));
  if (auth) {
    const mechanism = /SCRAM[ -]?SHA-?(256|512)/i.exec(auth.message);
    const which = mechanism ? `SCRAM-SHA-${mechanism[1]}` : /PLAIN/i.test(auth.message) ? 'PLAIN' : 'SASL';
    const wrong = /invalid (credentials|username or password)|Authentication failed/i.test(auth.message);
    return { kind: 'authentication', permanent: true, cause: wrong ? `authentication failed: wrong user name or password (${which})` : `authentication failed (${which}): ${auth.message}` };
  }
  if (/UNSUPPORTED_SASL_MECHANISM|Unsupported SASL mechanism|ILLEGAL_SASL_STATE/i.test(all))
    return { kind: 'authentication', permanent: true, cause: `authentication failed: the listener does not accept this SASL mechanism (${message})` };
  for (const e of errors) {
    const tls = tlsCause(codeOf(e), e.message);
    if (tls) return { kind: 'tls', permanent: !/^TLS failed/.test(tls), cause: tls };
  }
  const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|Connection timeout|Failed to connect|Connection error|Closed connection|KafkaJSConnection|broker.*not.*available/i;
  if (unreachable.test(all)) {
    const code = errors.map(codeOf).find((c) => c !== undefined && /^E[A-Z]+$/.test(c));
    const closed = /Closed connection|Connection closed by the server/i.test(all) ? '; if this listener uses TLS or SASL, set ssl or sasl' : '';
    return { kind: 'unreachable', permanent: false, cause: `cannot reach the broker (${code ?? message.trim()}${closed})` };
  }
  return { kind: 'other', permanent: false, cause: message };
}

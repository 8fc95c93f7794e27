/**
 * Describing what user code threw. User code runs in its own `vm` context, so its errors are
 * instances of that context's `Error`, and `error instanceof Error` is false for every one of
 * them in the engine's realm; this reads `name` and `message` structurally instead.
 */

/** `TypeError: x is undefined` for an error-like value, else its string form (`throw 'no'`). */
export function describeUserError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof name === 'string' && name.length > 0 ? `${name}: ${message}` : message;
  }
  return String(error);
}

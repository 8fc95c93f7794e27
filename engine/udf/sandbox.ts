/**
 * Runs compiled user code in a `vm` context: JavaScript's built-ins only — no `require`,
 * `process`, timers, `fetch` or file system — and `eval`/`new Function` disabled. `console`
 * output is routed to the engine's log with the node's id.
 *
 * `vm` is isolation, not a security boundary (Node's docs say so): untrusted pipelines are
 * gated by the editor's trust prompt. Runaway code is stopped by the watchdog (`watchdog.ts`).
 */
import vm from 'node:vm';

/** Receives `console.log/warn/error` output of user code. */
export type UserLog = (nodeId: string, level: 'log' | 'warn' | 'error', text: string) => void;

const sandboxes = new WeakMap<object, vm.Context>();

function contextFor(nodeId: string, log: UserLog): vm.Context {
  const format = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
  const sandboxConsole = {
    log: (...args: unknown[]) => log(nodeId, 'log', format(args)),
    warn: (...args: unknown[]) => log(nodeId, 'warn', format(args)),
    error: (...args: unknown[]) => log(nodeId, 'error', format(args)),
  };
  const context = vm.createContext({ console: sandboxConsole }, { codeGeneration: { strings: false, wasm: false }, name: `node ${nodeId}` });
  sandboxes.set(sandboxConsole, context);
  return context;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Evaluates the JavaScript `compileUserCode` produced, in a fresh context for `nodeId`.
 * @returns the function (expression code) or the object of declared functions (module code).
 * @throws Error when top-level module code throws or runs longer than `timeoutMs`.
 */
export function instantiateUserCode(
  nodeId: string,
  js: string,
  kind: 'expression' | 'module',
  log: UserLog,
  timeoutMs = 1000,
): unknown {
  const context = contextFor(nodeId, log);
  const value: unknown = new vm.Script(js, { filename: `${nodeId}.ts` }).runInContext(context, { timeout: timeoutMs });
  if (kind === 'expression') return value;
  return (value as () => unknown)();
}

/**
 * Runs compiled user code in a `vm` context: JavaScript's built-ins only — no `require`,
 * `process`, timers, `fetch` or file system — and `eval`/`new Function` disabled. `console`
 * output is routed to the engine's log with the node's id; the console is made inside the
 * context, so none of its functions is a function of the engine's realm.
 *
 * `vm` is isolation, not a security boundary (Node's docs say so; records and host objects
 * still cross into the context). The boundary is the job process: Node's permission model and
 * no code generation from strings (`engine/launch/permissions.ts`), and workspace trust before
 * any code runs (`engine/launch/trust.ts`). Runaway code is stopped by the watchdog.
 */
import vm from 'node:vm';

/** Receives `console.log/warn/error` output of user code. */
export type UserLog = (nodeId: string, level: 'log' | 'warn' | 'error', text: string) => void;


/** Builds `console` inside the context; the engine's logger stays in a closure user code cannot name. */
const CONSOLE_SOURCE = `(function (post) {
  'use strict';
  const make = (level) => function (...args) { post(level, args); };
  Object.defineProperty(globalThis, 'console', { value: Object.freeze({ log: make('log'), warn: make('warn'), error: make('error'), info: make('log'), debug: make('log') }), enumerable: false });
})`;

function contextFor(nodeId: string, log: UserLog): vm.Context {
  const format = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false }, name: `node ${nodeId}` });
  const install = new vm.Script(CONSOLE_SOURCE).runInContext(context) as (post: (level: 'log' | 'warn' | 'error', args: unknown[]) => void) => void;
  install((level, args) => log(nodeId, level, format(args)));
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

/**
 * Compiles a node's user TypeScript to JavaScript with esbuild (type stripping, no type
 * check) and inspects the result with acorn, never running it: validation is safe on any file.
 * The code is wrapped so the sandbox turns it into functions:
 * - `expression` code becomes `function (params) { return (CODE); }`; code that is not an
 *   expression (it has statements and `return`) becomes the function body instead;
 * - `module` code declares functions (`onEvent`, `create`, ...) that the wrapper returns.
 * Errors carry 1-based line:column inside the user's code, so the editor can mark them.
 */
import { transformSync, type Message } from 'esbuild';
import { parse } from 'acorn';
import type { Node as AcornNode } from 'acorn';
import type { CodeCompileResult } from '../pipeline/validate.ts';
import type { CodeSpec } from '../pipeline/node-spec.ts';

/** The user's code starts on line 2 of every wrapper. */
const WRAPPER_LINES_BEFORE = 1;

interface CodeError {
  line: number;
  column: number;
  message: string;
}

/**
 * Compiles `code` for the contract `spec`.
 * @returns `{ ok: true, js }` where `js` evaluates to a function (expression) or a factory
 *   returning the declared functions (module), or `{ ok: false, errors }`.
 */
export function compileUserCode(code: string, spec: CodeSpec): CodeCompileResult {
  return spec.kind === 'expression' ? compileExpression(code, spec.params) : compileModule(code, spec);
}

/**
 * Expression code is an expression over the parameters (`event.delay > 0`), a function body with
 * `return`, or a function itself (`(left, right) => ({ ...left, ...right })`), which is then
 * the node's function as written.
 */
function compileExpression(code: string, params: readonly string[]): CodeCompileResult {
  const head = `(function (${params.join(', ')}) {`;
  const asExpression = transform(`${head} return (\n${code}\n); })`, code);
  if (asExpression.ok) {
    if (!returnsFunction(asExpression.js)) return asExpression;
    const asFunction = transform(`(\n${code}\n)`, code);
    return asFunction.ok ? asFunction : asExpression;
  }
  const asBody = transform(`${head}\n${code}\n})`, code);
  if (asBody.ok) return asBody;
  return /\breturn\b/.test(code) ? asBody : asExpression;
}

function compileModule(code: string, spec: CodeSpec): CodeCompileResult {
  // `export function onEvent` is accepted; blanking `export ` keeps every column in place.
  const source = code.replace(/^(\s*)export\s+(default\s+)?(?=(async\s+)?function\b|const\b|let\b)/gm, (m) => ' '.repeat(m.length));
  const names = (spec.exports ?? []).map((e) => e.name);
  const picks = names.map((n) => `${n}: typeof ${n} === 'function' ? ${n} : undefined`).join(', ');
  const result = transform(`(function () {\n${source}\n;return { ${picks} }; })`, code);
  if (!result.ok) return result;
  const missing = missingExports(result.js, spec);
  return missing.length > 0 ? { ok: false, errors: missing } : result;
}

function transform(wrapped: string, userCode: string): CodeCompileResult {
  try {
    const out = transformSync(wrapped, { loader: 'ts', target: 'es2022', sourcemap: false, logLevel: 'silent' });
    const forbidden = forbiddenSyntax(out.code, userCode);
    return forbidden.length > 0 ? { ok: false, errors: forbidden } : { ok: true, js: out.code };
  } catch (error) {
    const messages: Message[] = (error as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) return { ok: false, errors: [{ line: 1, column: 1, message: String(error) }] };
    return { ok: false, errors: messages.map((m) => toUserPosition(m, userCode)) };
  }
}

function toUserPosition(m: Message, userCode: string): CodeError {
  const lines = userCode.split('\n');
  const raw = (m.location?.line ?? 1) - WRAPPER_LINES_BEFORE;
  if (raw >= 1 && raw <= lines.length) return { line: raw, column: (m.location?.column ?? 0) + 1, message: m.text };
  // The error is in the wrapper (e.g. an unclosed brace in the user's code): point at its end.
  const last = lines.length;
  return { line: last, column: (lines[last - 1]?.length ?? 0) + 1, message: m.text };
}

/** Whether the wrapper `(function (…) { return (X); })` returns a function literal `X`. */
function returnsFunction(js: string): boolean {
  const program = parse(js, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as {
    body: { expression?: { type: string; body?: { body: { type: string; argument?: { type: string } | null }[] } } }[];
  };
  const inner = program.body[0]?.expression;
  const statement = inner?.type === 'FunctionExpression' ? inner.body?.body[0] : undefined;
  const type = statement?.type === 'ReturnStatement' ? statement.argument?.type : undefined;
  return type === 'ArrowFunctionExpression' || type === 'FunctionExpression';
}

/** Syntax user code may not use, and why. */
const FORBIDDEN: Record<string, { token: string; message: string }> = {
  ImportExpression: { token: 'import(', message: 'dynamic import() is not available in node code: it runs without modules' },
  MetaProperty: { token: 'import.meta', message: 'import.meta is not available in node code' },
};

/** `import()` and `import.meta`, found in the syntax tree (positions from the user's text). */
function forbiddenSyntax(js: string, userCode: string): CodeError[] {
  const found = new Set<string>();
  let tree: unknown;
  try {
    tree = parse(js, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch (error) {
    // Scripts cannot name import.meta at all: acorn says so as a syntax error.
    if (!/import\.meta/.test((error as Error).message)) throw error;
    found.add('MetaProperty');
  }
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const type = (node as { type?: unknown }).type;
    if (typeof type === 'string' && Object.hasOwn(FORBIDDEN, type)) found.add(type);
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  return [...found].map((type) => {
    const f = FORBIDDEN[type] as { token: string; message: string };
    const at = Math.max(0, userCode.indexOf(f.token));
    const before = userCode.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n'), message: f.message };
  });
}

/**
 * The functions a module declares at its top level, read from the syntax tree: function
 * declarations, and `const`/`let`/`var` bound to a function or arrow expression. (A function
 * made at run time, e.g. `const onEvent = make()`, is not seen: declare it directly.)
 */
export function declaredFunctions(js: string): Set<string> {
  const names = new Set<string>();
  const program = parse(js, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as { body: AcornNode[] };
  // The wrapper is `(function () { …user code…; return {…}; })`.
  const wrapper = program.body[0] as unknown as { expression?: { type: string; body?: { body: AcornNode[] } } } | undefined;
  const body = wrapper?.expression?.type === 'FunctionExpression' ? (wrapper.expression.body?.body ?? []) : [];
  for (const statement of body as unknown as Record<string, unknown>[]) {
    if (statement.type === 'FunctionDeclaration') {
      const id = statement.id as { name?: string } | null;
      if (id?.name) names.add(id.name);
    } else if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as { id: { type: string; name?: string }; init: { type: string } | null }[]) {
        if (d.id.type === 'Identifier' && d.id.name && d.init && (d.init.type === 'FunctionExpression' || d.init.type === 'ArrowFunctionExpression')) names.add(d.id.name);
      }
    }
  }
  return names;
}

/** The required functions the module does not declare (from the syntax tree; nothing runs). */
function missingExports(js: string, spec: CodeSpec): CodeError[] {
  let declared: Set<string>;
  try {
    declared = declaredFunctions(js);
  } catch (error) {
    return [{ line: 1, column: 1, message: `cannot read the code: ${(error as Error).message}` }];
  }
  return (spec.exports ?? [])
    .filter((e) => e.required && !declared.has(e.name))
    .map((e) => ({ line: 1, column: 1, message: `declare function ${e.name}: ${spec.contract}` }));
}

/**
 * Parsing a node's TypeScript for translation to Flink SQL: esbuild strips the types (the
 * wrapper is the one `engine/udf/compile.ts` uses: the code as an expression, else as a
 * function body), then acorn parses the JavaScript into an ESTree. No regular expressions look
 * at the code. The body may declare constants and must end in one `return`; anything else
 * (loops, `if`, assignments) is outside the translatable subset.
 */
import { transformSync } from 'esbuild';
import { parse, type Expression, type Node, type Statement } from 'acorn';

/** Code outside the translatable subset: what (`construct`, the code's text) and why. */
export class CodeRefusal extends Error {
  constructor(
    readonly construct: string,
    readonly reason: string,
  ) {
    super(`${construct}: ${reason}`);
    this.name = 'CodeRefusal';
  }
}

/** The code as constants, then the returned expression. */
export interface ParsedCode {
  constants: { name: string; init: Expression }[];
  result: Expression;
  /** The JavaScript the nodes point into (for the text of a construct). */
  source: string;
}

function strip(wrapped: string): string | undefined {
  try {
    return transformSync(wrapped, { loader: 'ts', target: 'es2022', logLevel: 'silent' }).code;
  } catch {
    return undefined;
  }
}

/** The text of a node in the parsed source, shortened to one line. */
export function textOf(node: Node, source: string): string {
  const text = source.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Parses expression-kind code over `params`.
 * @throws CodeRefusal when the code does not compile or is not constants + one return.
 */
export function parseCode(code: string, params: readonly string[]): ParsedCode {
  const head = `(function (${params.join(', ')}) {`;
  const js = strip(`${head} return (\n${code}\n); })`) ?? strip(`${head}\n${code}\n})`);
  if (js === undefined) throw new CodeRefusal(code.trim().slice(0, 80), 'the code does not compile');
  const program = parse(js, { ecmaVersion: 2022, sourceType: 'script' });
  const first = program.body[0];
  const fn = first?.type === 'ExpressionStatement' ? first.expression : undefined;
  if (!fn || fn.type !== 'FunctionExpression') throw new CodeRefusal(code.trim().slice(0, 80), 'unexpected shape after type stripping');
  return bodyOf(fn.body.body, js);
}

function bodyOf(statements: readonly Statement[], source: string): ParsedCode {
  const constants: ParsedCode['constants'] = [];
  for (const [i, s] of statements.entries()) {
    const last = i === statements.length - 1;
    if (s.type === 'ReturnStatement' && last) {
      if (!s.argument) throw new CodeRefusal(textOf(s, source), 'returns nothing');
      return { constants, result: s.argument, source };
    }
    if (s.type === 'VariableDeclaration' && s.kind !== 'var' && !last) {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier' || !d.init) throw new CodeRefusal(textOf(d, source), 'only `const name = expression` declarations translate (no destructuring)');
        constants.push({ name: d.id.name, init: d.init });
      }
      continue;
    }
    throw new CodeRefusal(textOf(s, source), `a ${describeStatement(s)} is outside the translatable subset: the code must be an expression, or constants and one final return`);
  }
  throw new CodeRefusal(textOf(statements[0] ?? ({ start: 0, end: 0 } as Node), source) || '(empty)', 'the code returns nothing');
}

function describeStatement(s: Statement): string {
  const names: Record<string, string> = {
    IfStatement: '`if` statement',
    ForStatement: 'loop',
    ForOfStatement: 'loop',
    ForInStatement: 'loop',
    WhileStatement: 'loop',
    DoWhileStatement: 'loop',
    ExpressionStatement: 'statement with side effects',
    FunctionDeclaration: 'function declaration',
    TryStatement: '`try` statement',
    ThrowStatement: '`throw` statement',
    SwitchStatement: '`switch` statement',
    VariableDeclaration: '`var` declaration',
    ReturnStatement: '`return` before the end',
  };
  return names[s.type] ?? s.type;
}

/**
 * Runs dt-sql-parser's Flink grammar (ANTLR4) over one query: lexes, applies the token patches
 * for the grammar's gaps (`token-patches.ts`), parses, and reports syntax errors with the
 * parser's own line:column and message. A query must be exactly one `SELECT` statement
 * (`WITH … SELECT`, unions and parentheses included), as the `sql` node's `config.query`.
 */
import { FlinkSQL } from 'dt-sql-parser';
import type { ParseError } from 'dt-sql-parser';
import type { Token } from 'antlr4ng';
import type { ExpressionContext, QueryStatementContext } from 'dt-sql-parser/dist/lib/flink/FlinkSqlParser';
import { FlinkSqlLexer as L } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';
import type { SqlProblem, Span } from '../problems.ts';
import { maskBackslashes, unmask } from './literals.ts';
import { patchTokens, type TokenPatches } from './token-patches.ts';

/** A parsed query: the parse tree of its one statement and what the token patches lifted out. */
export interface ParsedQuery {
  readonly text: string;
  readonly tree: QueryStatementContext;
  readonly patches: TokenPatches;
}

/** Either the parsed query or the syntax problems, all of them (ANTLR recovers and goes on). */
export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; problems: SqlProblem[] };

const flink = new FlinkSQL();

/** The span of a token range, for AST nodes. */
export function spanOf(start: Token, stop: Token | null | undefined): Span {
  const end = stop !== null && stop !== undefined && stop.stop >= start.start ? stop.stop + 1 : start.stop + 1;
  return { start: start.start, end, line: start.line, column: start.column + 1 };
}

/** The span of a parse-tree node. */
export function sp(ctx: { start: Token | null; stop: Token | null }): Span {
  return spanOf(ctx.start!, ctx.stop);
}

function syntaxProblem(e: ParseError): SqlProblem {
  return {
    line: e.startLine,
    column: e.startColumn,
    endLine: e.endLine,
    endColumn: e.endColumn,
    construct: 'syntax',
    message: unmask(e.message),
  };
}

/**
 * Parses `text` as one Flink SQL query. Syntax errors come back as problems at the parser's
 * line:column; a statement that is not a query (INSERT, CREATE, SET, …) or more than one
 * statement is a problem too.
 */
export function parseQuery(text: string): ParseResult {
  const errors: ParseError[] = [];
  const parser = flink.createParser(maskBackslashes(text), (e) => errors.push(e));
  const tokens = (parser.tokenStream as unknown as { getTokens(): Token[] }).getTokens();
  const patches = patchTokens(tokens);
  parser.buildParseTrees = true;
  const program = parser.program();
  if (errors.length > 0) {
    const seen = new Set<string>();
    const problems = errors.map(syntaxProblem).filter((p) => {
      const key = `${p.line}:${p.column}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ok: false, problems };
  }
  const statements = program.singleStatement().filter((s) => s.sqlStatement() !== null);
  if (statements.length === 0) {
    return { ok: false, problems: [{ line: 1, column: 1, construct: 'syntax', message: 'The query is empty: write one SELECT statement.' }] };
  }
  if (statements.length > 1) {
    const second = statements[1]!.start!;
    return {
      ok: false,
      problems: [{ line: second.line, column: second.column + 1, construct: 'statement', message: 'A sql node runs exactly one SELECT statement; remove the others (use WITH for intermediate results).' }],
    };
  }
  const stmt = statements[0]!.sqlStatement()!;
  const query = stmt.dmlStatement()?.queryStatement() ?? null;
  if (query === null) {
    const s = stmt.start!;
    const word = (s.text ?? '').toUpperCase();
    return {
      ok: false,
      problems: [{ line: s.line, column: s.column + 1, construct: word, message: `A sql node runs one SELECT query; ${word} statements are not supported (the node's output edge is the sink).` }],
    };
  }
  return { ok: true, query: { text, tree: query, patches } };
}

/**
 * Parses `text[span.start, span.end)` alone as an expression, with every position as in the
 * full text (what precedes the span is blanked, line breaks kept). Used where the grammar
 * admits a wrong reading of a SELECT item (`a + 1` as column `a` followed by `+1`).
 */
export function parseExpressionAt(text: string, span: Span): { ok: true; tree: ExpressionContext; patches: TokenPatches } | { ok: false } {
  const padded = maskBackslashes(text.slice(0, span.start).replace(/[^\n]/g, ' ') + text.slice(span.start, span.end));
  const errors: ParseError[] = [];
  const parser = flink.createParser(padded, (e) => errors.push(e));
  const tokens = (parser.tokenStream as unknown as { getTokens(): Token[] }).getTokens();
  const patches = patchTokens(tokens);
  parser.buildParseTrees = true;
  const tree = parser.expression();
  const next = (parser.tokenStream as unknown as { LT(k: number): Token | null }).LT(1);
  if (errors.length > 0 || (next !== null && next.type !== L.EOF)) return { ok: false };
  return { ok: true, tree, patches };
}

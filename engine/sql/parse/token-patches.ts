/**
 * Token-level patches for gaps in dt-sql-parser 4.5.0's Flink grammar, applied to the lexer's
 * tokens before the parser runs, so that valid Flink SQL parses without a hand-written parser.
 * Tokens keep their text and position; a patch only changes a token's type (or moves it to the
 * hidden channel) and records what it removed in `TokenPatches`, keyed by a token's start offset.
 *
 * Gaps patched (each checked against the grammar in `FlinkSqlParser.g4` of 4.5.0):
 * - `TRY_CAST(x AS t)`: the grammar only has `CAST(… AS …)`; TRY_CAST is retyped to CAST and the
 *   AST builder reads the original text.
 * - `EXTRACT(HOUR FROM x)`: the grammar wants an identifier, HOUR/DAY/… are keywords.
 * - `SUBSTRING(s FROM 2 FOR 3)`, `TRIM([BOTH|LEADING|TRAILING] [c] FROM s)`,
 *   `FLOOR(x TO HOUR)`, `CEIL(x TO HOUR)`: the standard keyword forms become argument lists.
 * - `CHAR_LENGTH(…)`, `HOUR(…)` and other function names the lexer makes keywords.
 * - `TABLE(SESSION(TABLE t PARTITION BY k, …))`: SESSION and PARTITION BY are missing from
 *   `windowTVFExpression`; SESSION is retyped to TUMBLE (its text is kept), PARTITION BY is
 *   lifted out into `tvfPartitions`.
 * - `TABLE(TUMBLE(…)) AS w`: `windowTVFClause` takes no alias; it is lifted into `tvfAliases`.
 */
import type { Token } from 'antlr4ng';
import { FlinkSqlLexer as L } from 'dt-sql-parser/dist/lib/flink/FlinkSqlLexer';

/** What TRIM's keyword form said, for the TRIM token at that offset. */
export interface TrimPatch {
  readonly mode: 'BOTH' | 'LEADING' | 'TRAILING';
  /** True when characters to trim were given (`TRIM('x' FROM s)`): the first argument. */
  readonly hasChars: boolean;
}

/** An identifier lifted out of the token stream, with its text and start offset. */
export interface LiftedIdentifier {
  readonly text: string;
  readonly token: Token;
}

/** What the patches removed from the token stream, keyed by a token's start offset. */
export interface TokenPatches {
  readonly trims: Map<number, TrimPatch>;
  /** PARTITION BY columns of a window TVF, by the TVF name token's offset. */
  readonly tvfPartitions: Map<number, LiftedIdentifier[]>;
  /** Alias after `TABLE(<tvf>(…))`, by the TVF name token's offset. */
  readonly tvfAliases: Map<number, LiftedIdentifier>;
}

/** Function names the lexer turns into keywords the grammar does not accept before `(`. */
const KEYWORD_FUNCTIONS = new Set([
  'CHAR_LENGTH', 'CHARACTER_LENGTH', 'UPPER', 'LOWER', 'SUBSTRING', 'SUBSTR', 'TRIM', 'LTRIM', 'RTRIM',
  'REPLACE', 'CONCAT', 'POWER', 'ABS', 'MOD', 'FLOOR', 'CEIL', 'CEILING', 'ROUND', 'TRUNCATE', 'COALESCE',
  'NULLIF', 'IF', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', 'ROW_NUMBER', 'RANK',
  'DENSE_RANK', 'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAYOFYEAR', 'DAYOFMONTH', 'DAYOFWEEK', 'HOUR',
  'MINUTE', 'SECOND', 'JSON_VALUE', 'LEFT', 'RIGHT', 'TIMESTAMPADD', 'TIMESTAMPDIFF', 'DATE_FORMAT',
  'TO_TIMESTAMP', 'TO_DATE', 'LISTAGG', 'CARDINALITY', 'EXP', 'LN', 'SQRT',
]);

const TVF_NAMES = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);

function upper(t: Token): string {
  return (t.text ?? '').toUpperCase();
}

/** True for a token that can only be an identifier: a plain word or a backquoted name. */
export function isIdentifierToken(t: Token | undefined): boolean {
  if (t === undefined) return false;
  return t.type === L.ID_LITERAL || (t.type === L.STRING_LITERAL && (t.text ?? '').startsWith('`'));
}

/** Index (into `sig`) of the `)` matching the `(` at `open`, or -1. */
function matching(sig: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    const t = sig[i]!;
    if (t.type === L.LR_BRACKET) depth++;
    else if (t.type === L.RR_BRACKET && --depth === 0) return i;
  }
  return -1;
}

/** Indices of tokens at depth 1 inside the parentheses `[open, close]`. */
function topLevel(sig: Token[], open: number, close: number): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = open; i <= close; i++) {
    const t = sig[i]!;
    if (t.type === L.LR_BRACKET) depth++;
    else if (t.type === L.RR_BRACKET) depth--;
    else if (depth === 1) out.push(i);
  }
  return out;
}

function hide(t: Token): void {
  t.channel = L.HIDDEN;
}

/** Applies every patch to `tokens` in place (they must be the filled token stream's list). */
export function patchTokens(tokens: Token[]): TokenPatches {
  const patches: TokenPatches = { trims: new Map(), tvfPartitions: new Map(), tvfAliases: new Map() };
  const sig = tokens.filter((t) => t.channel === L.DEFAULT_TOKEN_CHANNEL && t.type !== L.EOF);
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    const name = upper(t);
    const next = sig[i + 1];
    const opensCall = next !== undefined && next.type === L.LR_BRACKET;
    if (name === 'TRY_CAST' && opensCall) t.type = L.KW_CAST;
    else if (name === 'EXTRACT' && opensCall && sig[i + 2] !== undefined && upper(sig[i + 3] ?? t) === 'FROM') {
      sig[i + 2]!.type = L.ID_LITERAL;
    } else if (opensCall && (name === 'SUBSTRING' || name === 'SUBSTR')) patchSubstring(sig, i + 1);
    else if (opensCall && name === 'TRIM') patchTrim(sig, i, patches);
    else if (opensCall && (name === 'FLOOR' || name === 'CEIL' || name === 'CEILING')) patchFloorTo(sig, i + 1);
    else if (name === 'TABLE' && opensCall && TVF_NAMES.has(upper(sig[i + 2] ?? t)) && sig[i + 3]?.type === L.LR_BRACKET) {
      patchTvf(sig, i, patches);
    }
    if (opensCall && t.type !== L.ID_LITERAL && t.type !== L.KW_CAST && KEYWORD_FUNCTIONS.has(name)) {
      t.type = L.ID_LITERAL;
    }
  }
  return patches;
}

function patchSubstring(sig: Token[], open: number): void {
  const close = matching(sig, open);
  for (const j of topLevel(sig, open, close)) {
    const u = upper(sig[j]!);
    if (u === 'FROM' || u === 'FOR') sig[j]!.type = L.COMMA;
  }
}

function patchFloorTo(sig: Token[], open: number): void {
  const close = matching(sig, open);
  for (const j of topLevel(sig, open, close)) if (upper(sig[j]!) === 'TO') sig[j]!.type = L.COMMA;
}

function patchTrim(sig: Token[], at: number, patches: TokenPatches): void {
  const open = at + 1;
  const close = matching(sig, open);
  const inside = topLevel(sig, open, close);
  const fromIdx = inside.find((j) => upper(sig[j]!) === 'FROM');
  if (fromIdx === undefined) return;
  let first = open + 1;
  let mode: TrimPatch['mode'] = 'BOTH';
  const m = upper(sig[first]!);
  if (m === 'BOTH' || m === 'LEADING' || m === 'TRAILING') {
    mode = m;
    hide(sig[first]!);
    first++;
  }
  const hasChars = fromIdx > first;
  if (hasChars) sig[fromIdx]!.type = L.COMMA;
  else hide(sig[fromIdx]!);
  patches.trims.set(sig[at]!.start, { mode, hasChars });
}

function patchTvf(sig: Token[], at: number, patches: TokenPatches): void {
  const nameTok = sig[at + 2]!;
  if (upper(nameTok) === 'SESSION') nameTok.type = L.KW_TUMBLE;
  const innerOpen = at + 3;
  const innerClose = matching(sig, innerOpen);
  const inside = topLevel(sig, innerOpen, innerClose);
  const p = inside.find((j) => upper(sig[j]!) === 'PARTITION' && upper(sig[j + 1] ?? nameTok) === 'BY');
  if (p !== undefined) {
    hide(sig[p]!);
    hide(sig[p + 1]!);
    const keys: LiftedIdentifier[] = [];
    let j = p + 2;
    const parenthesized = sig[j]?.type === L.LR_BRACKET;
    const end = parenthesized ? matching(sig, j) : j;
    for (; j <= end && j < innerClose; j++) {
      const k = sig[j]!;
      if (isIdentifierToken(k)) keys.push({ text: k.text ?? '', token: k });
      hide(k);
    }
    patches.tvfPartitions.set(nameTok.start, keys);
  }
  const outerClose = matching(sig, at + 1);
  const a = sig[outerClose + 1];
  if (a !== undefined && a.type === L.KW_AS && isIdentifierToken(sig[outerClose + 2])) {
    hide(a);
    const id = sig[outerClose + 2]!;
    hide(id);
    patches.tvfAliases.set(nameTok.start, { text: id.text ?? '', token: id });
  } else if (isIdentifierToken(a)) {
    hide(a!);
    patches.tvfAliases.set(nameTok.start, { text: a!.text ?? '', token: a! });
  }
}

/**
 * `s LIKE pattern [ESCAPE c]` as Flink evaluates it (Calcite's `sqlToRegexLike`, Flink's
 * `SqlLikeUtils`): `%` matches any sequence (line breaks included), `_` one character other than
 * a line break, the escape character makes the next `%`, `_` or itself literal and must be
 * followed by one of them (`Invalid escape sequence`), and the whole string must match. Without
 * ESCAPE no character escapes (a backslash is literal). A literal pattern is compiled once, at
 * compile time, so a bad one is reported before any record runs (Flink fails while planning).
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import { strict, type OpCompiler } from './op-types.ts';

const SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

/**
 * The regular expression a LIKE pattern stands for.
 * @throws SqlRuntimeError `Invalid escape sequence '<pattern>', <position>` for an escape not
 *   followed by `%`, `_` or the escape itself.
 */
export function likeToRegExp(pattern: string, escape: string | undefined): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape) {
      const next = pattern[i + 1];
      if (next === undefined || (next !== '_' && next !== '%' && next !== escape)) {
        throw new SqlRuntimeError(`Invalid escape sequence '${pattern}', ${i}`, 'LIKE');
      }
      out += SPECIAL.test(next) ? `\\${next}` : next;
      i++;
    } else if (c === '_') out += '.';
    else if (c === '%') out += '[\\s\\S]*';
    else out += SPECIAL.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^(?:${out})$`);
}

/** LIKE(s, pattern[, escape]). */
const like: OpCompiler = (rex, args) => {
  const patternRex = rex.operands[1]!;
  const escRex = rex.operands[2];
  const escape = escRex?.kind === 'literal' ? String(escRex.value) : undefined;
  if (patternRex.kind === 'literal' && patternRex.value !== null) {
    const re = likeToRegExp(String(patternRex.value), escape);
    return strict(args.slice(0, 2), (s) => re.test(s as string));
  }
  let lastPattern: string | undefined;
  let lastRe: RegExp | undefined;
  return strict(args.slice(0, 2), (s, p) => {
    if (p !== lastPattern) {
      lastRe = likeToRegExp(p as string, escape);
      lastPattern = p as string;
    }
    return lastRe!.test(s as string);
  });
};

/** The LIKE operator. */
export const LIKE_OPS: Record<string, OpCompiler> = { LIKE: like };

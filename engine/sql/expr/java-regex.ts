/**
 * Java regular expressions (what Flink's REGEXP_EXTRACT and REGEXP_REPLACE take) run with
 * JavaScript's engine: leading inline flags `(?i)`, `(?s)`, `(?m)` become RegExp flags, `\A`
 * and `\z`/`\Z` become `^`/`$`; the common syntax (classes, groups, quantifiers, lookaround,
 * backreferences) is the same. Java-only constructs (possessive quantifiers, atomic groups,
 * class intersection, `\p{Alpha}`-style POSIX names) do not compile and count as an invalid
 * pattern, which Flink's functions answer with NULL. Compiled patterns are cached.
 */
const cache = new Map<string, RegExp | null>();

/** The JavaScript RegExp for a Java pattern (with `global` when asked), or null if invalid. */
export function javaRegExp(pattern: string, global = false): RegExp | null {
  const key = (global ? 'g:' : ':') + pattern;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let flags = global ? 'g' : '';
  let body = pattern;
  const lead = /^\(\?([ism]+)\)/.exec(body);
  if (lead !== null) {
    for (const f of lead[1]!) if (!flags.includes(f)) flags += f;
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  let re: RegExp | null;
  try {
    re = /\*\+|\+\+|\?\+|\(\?>|&&\[/.test(body) ? null : new RegExp(body, flags);
  } catch {
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

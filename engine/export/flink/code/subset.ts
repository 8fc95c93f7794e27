/**
 * The TypeScript subset that `filter`, `map`, join and key code may use to be exported to
 * Flink SQL, as the README of every export (and engine/export/flink/README.md) states it. The
 * translator is `translate-code.ts` + `code-calls.ts`; code outside the subset refuses the node.
 */
export const SUBSET_SUMMARY: readonly string[] = [
  'Code in `filter`, `map`, join and key expressions is translated when it stays inside this subset (parsed with acorn after esbuild strips the types):',
  '',
  '- the parameters\' fields (`event.delay`, `event["date"]`, nested `event.a.b`, `left.x`, `right.y`), literals (numbers, strings, `true`/`false`, `null`/`undefined`), `const` names;',
  '- arithmetic `+ - * / %` (`/` divides as doubles, as JavaScript; `%` on integers; `+` with a string concatenates), unary `-`;',
  '- comparison `< <= > >=` (never NULL: a missing field compares false, as `undefined` does), `===`/`==` as `IS NOT DISTINCT FROM`, `!==`/`!=` as `IS DISTINCT FROM`, `== null` as `IS NULL`;',
  "- `&&`, `||`, `!`, the ternary `?:` and `??`, with JavaScript's truthiness spelled out (`0`, `''`, null are false);",
  '- `Math.abs`, `Math.floor`, `Math.ceil`, `Math.round` (half up, as JavaScript), `Math.min`, `Math.max`;',
  '- string `toUpperCase()`, `toLowerCase()`, `startsWith(s)`, `endsWith(s)`, `includes(s)`, `slice(a[, b])` with integer literals, `.length`; template literals and `String(x)` of strings, integers and booleans;',
  '- for `map` and join code: an object literal with spreads of the parameters (`({ ...event, fast: event.speed > 100 })`);',
  '- a body of `const` declarations and one final `return`.',
  '',
  "Anything else — loops, `if`, calls of other functions or methods, `new`, regular expressions, arrays, nested objects — is refused with the construct and why. Typing follows the columns: integers are BIGINT, other numbers DOUBLE; a number with a fraction is not turned into text (JavaScript prints `2` where Flink prints `2.0`). Arithmetic on a NULL field gives NULL where JavaScript would coerce `null` to 0.",
];

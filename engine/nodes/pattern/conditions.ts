/**
 * The conditions on an NFA's transitions, as Flink CEP's compiler builds them: a stage's own
 * condition (`where`, Flink's `IterativeCondition`), its `until` condition, `true`
 * (`BooleanConditions.trueFunction()`), and the `RichNotCondition` / `RichAndCondition`
 * combinators. Data, not closures, so the compiled NFA can be printed, compared and tested;
 * user code is reached through a numbered function table.
 */

/** A transition's condition. `fn` indexes the pattern's user functions (see `PatternModel`). */
export type Cond =
  | { readonly k: 'true' }
  | { readonly k: 'user'; readonly fn: number }
  | { readonly k: 'not'; readonly c: Cond }
  | { readonly k: 'and'; readonly l: Cond; readonly r: Cond };

export const TRUE: Cond = { k: 'true' };

export const not = (c: Cond): Cond => ({ k: 'not', c });
export const and = (l: Cond, r: Cond): Cond => ({ k: 'and', l, r });

/**
 * Evaluates `c` for the current event. `user(fn)` calls user function `fn` (and may throw).
 * `and` short-circuits left to right, as `RichAndCondition.filter` does, so a condition that
 * throws is reached exactly when Flink would reach it.
 */
export function evalCond(c: Cond, user: (fn: number) => boolean): boolean {
  switch (c.k) {
    case 'true':
      return true;
    case 'user':
      return user(c.fn);
    case 'not':
      return !evalCond(c.c, user);
    case 'and':
      return evalCond(c.l, user) && evalCond(c.r, user);
  }
}

/** `not(where_a)`, `and(not(until_b), where_b)`: for printing compiled NFAs in tests and docs. */
export function condText(c: Cond, names: readonly string[]): string {
  switch (c.k) {
    case 'true':
      return 'true';
    case 'user':
      return names[c.fn] ?? `fn${c.fn}`;
    case 'not':
      return `not(${condText(c.c, names)})`;
    case 'and':
      return `and(${condText(c.l, names)}, ${condText(c.r, names)})`;
  }
}

/**
 * The scalar functions the sql node knows, by upper-case name, each with its typing rule.
 * Operators (`+`, `=`, LIKE, …), CAST and CASE are typed in `analyze-expr.ts`; aggregates in
 * `aggregates.ts`. A name not found here is refused as an unknown function.
 */
import type { ScalarRule } from './call-site.ts';
import { CONDITIONAL_FUNCTIONS } from './conditional.ts';
import { MATH_FUNCTIONS } from './math.ts';
import { STRING_FUNCTIONS } from './strings.ts';
import { TEMPORAL_FUNCTIONS } from './temporal.ts';

const SCALARS: Record<string, ScalarRule> = {
  ...STRING_FUNCTIONS,
  ...TEMPORAL_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...CONDITIONAL_FUNCTIONS,
};

/** The typing rule of scalar function `name`, if the sql node supports it. */
export function lookupScalar(name: string): ScalarRule | undefined {
  return Object.hasOwn(SCALARS, name) ? SCALARS[name] : undefined;
}

/** Every supported scalar function name (for documentation and editor completion). */
export function scalarFunctionNames(): string[] {
  return Object.keys(SCALARS).sort();
}

/**
 * Code inside a node's config (`NodeCapabilities.codeFields`): finding every concrete field a
 * `[]` path names, and the code contract each is compiled with. Pure (the editor uses it too).
 */
import type { CodeField, CodeSpec } from './node-spec.ts';

/** One field a code path names in a config: its concrete path and its value. */
export interface CodeFieldValue {
  /** `stages[2].condition`: the key of its compiled code (`ctx.userCode(path)`). */
  path: string;
  value: unknown;
}

/**
 * Every field `path` names in `config`: `stages[].condition` gives `stages[0].condition`,
 * `stages[1].condition`, … for the elements of the array `stages` (absent fields included, with
 * `value` undefined; a missing or non-array parent gives none).
 */
export function codeFieldValues(config: unknown, path: string): CodeFieldValue[] {
  let frontier: CodeFieldValue[] = [{ path: '', value: config }];
  for (const segment of path.split('.')) {
    const array = segment.endsWith('[]');
    const name = array ? segment.slice(0, -2) : segment;
    const next: CodeFieldValue[] = [];
    for (const { path: at, value } of frontier) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const child = (value as Record<string, unknown>)[name];
      const here = at === '' ? name : `${at}.${name}`;
      if (!array) next.push({ path: here, value: child });
      else if (Array.isArray(child)) child.forEach((item: unknown, i) => next.push({ path: `${here}[${i}]`, value: item }));
    }
    frontier = next;
  }
  return frontier;
}

/** The contract a code field is compiled with: an expression (or body with `return`) over its params. */
export function codeFieldSpec(field: CodeField): CodeSpec {
  return { kind: 'expression', params: field.params, required: false, template: '', contract: field.contract };
}

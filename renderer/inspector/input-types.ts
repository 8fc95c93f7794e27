/**
 * Derives a TypeScript declaration from sample records, so the code editor knows the fields
 * of `event` (the `Input` type) from what actually flows into the node.
 */
import type { CodeSpec } from '../../engine/pipeline/node-spec.ts';
import { userApiDeclarations } from './user-api-lib.ts';

function typeOfValue(v: unknown, depth: number): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length > 0 ? `(${typeOfValue(v[0], depth + 1)})[]` : 'unknown[]';
  if (typeof v === 'object') return depth > 2 ? 'Record<string, unknown>' : objectType([v as Record<string, unknown>], depth + 1);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v;
  return 'unknown';
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `{ delay: number; origin: string; note?: string | null }` over all records. */
export function objectType(records: readonly Record<string, unknown>[], depth = 0): string {
  if (records.length === 0) return 'Record<string, any>';
  const fields = new Map<string, Set<string>>();
  const seen = new Map<string, number>();
  for (const r of records)
    for (const [k, v] of Object.entries(r)) {
      const types = fields.get(k) ?? new Set<string>();
      types.add(typeOfValue(v, depth));
      fields.set(k, types);
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
  const body = [...fields.entries()].map(([k, types]) => {
    const name = IDENT.test(k) ? k : JSON.stringify(k);
    return `${name}${(seen.get(k) ?? 0) < records.length ? '?' : ''}: ${[...types].join(' | ')};`;
  });
  return `{ ${body.join(' ')} }`;
}

/**
 * Globals for one node's code: `Input` (from the records that reach the node), the engine's
 * user-code API (`ProcessContext`, `ValueState`, `UserAggregate`, ...) and, for expression
 * code, its parameters as declared constants.
 */
export function inputDeclarations(spec: CodeSpec | undefined, inputs: Record<string, Record<string, unknown>[]>): string {
  const lines = [`type Input = ${objectType(inputs.in ?? inputs.left ?? [])};`];
  if (inputs.left || spec?.params.includes('left')) lines.push(`type Left = ${objectType(inputs.left ?? [])};`, `type Right = ${objectType(inputs.right ?? [])};`);
  lines.push(userApiDeclarations());
  if (spec?.kind === 'expression')
    for (const p of spec.params) lines.push(`declare const ${p}: ${spec.paramTypes?.[p] ?? (p === 'left' ? 'Left' : p === 'right' ? 'Right' : 'Input')};`);
  return lines.join('\n');
}

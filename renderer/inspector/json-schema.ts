/** The part of JSON Schema (as `z.toJSONSchema` writes it) the inspector form understands. */
import { z } from 'zod';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  description?: string;
  default?: unknown;
}

const cache = new WeakMap<z.ZodType, JsonSchema>();

/** The input-side JSON Schema of a config schema (durations accept "5m" as well as ms). */
export function configJsonSchema(schema: z.ZodType): JsonSchema {
  let js = cache.get(schema);
  if (!js) {
    js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, js);
  }
  return js;
}

export function variantsOf(s: JsonSchema): JsonSchema[] | undefined {
  return s.anyOf ?? s.oneOf;
}

export function isObjectSchema(s: JsonSchema): boolean {
  return s.type === 'object' || s.properties !== undefined;
}

/** A variant's name: its discriminator constant (`event`), else its required fields; a scalar's type. */
export function variantLabel(s: JsonSchema): string {
  if (!isObjectSchema(s)) return s.type === 'string' ? 'value' : String(s.type ?? s.const ?? 'value');
  if (Object.keys(s.properties ?? {}).join() === 'env') return 'environment variable';
  const discriminator = Object.entries(s.properties ?? {}).find(([, p]) => p.const !== undefined);
  if (discriminator) return String(discriminator[1].const);
  return (s.required ?? Object.keys(s.properties ?? {})).join(' + ') || 'value';
}

/** Which variant a value is in, or -1. A scalar value matches the variant of its type. */
export function matchVariant(variants: JsonSchema[], value: unknown): number {
  if (value === undefined || value === null) return -1;
  if (typeof value !== 'object') return variants.findIndex((s) => !isObjectSchema(s) && (s.type === typeof value || (s.type === 'integer' && typeof value === 'number')));
  const v = value as Record<string, unknown>;
  return variants.findIndex((s) => {
    const props = Object.entries(s.properties ?? {});
    const consts = props.filter(([, p]) => p.const !== undefined);
    if (consts.length > 0) return consts.every(([k, p]) => v[k] === p.const);
    return (s.required ?? []).every((k) => k in v);
  });
}

/** A starting value for a scalar variant (`true` for a boolean: the variant was just chosen). */
export function scalarSkeleton(s: JsonSchema): unknown {
  if (s.type === 'boolean') return true;
  if (s.type === 'number' || s.type === 'integer') return s.default ?? 0;
  return s.default ?? '';
}

/** A starting value for a variant: its constants set, required arrays empty. */
export function skeleton(s: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (p.const !== undefined) out[k] = p.const;
    else if ((s.required ?? []).includes(k)) out[k] = p.type === 'array' ? [] : p.type === 'object' ? {} : p.default ?? '';
  }
  return out;
}

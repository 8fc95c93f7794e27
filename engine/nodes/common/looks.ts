/** Summary helpers for node looks (`NodeLook.summary`): short text from a raw config. */

/** A config value as short text (strings as they are, the rest as JSON, nothing for undefined). */
export const str = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** `key origin, dest` or `key <expression>` for a KeySpec; empty without one. */
export const keyText = (k: unknown): string => {
  const spec = k as { fields?: string[]; expression?: string } | undefined;
  return spec?.fields ? `key ${spec.fields.join(', ')}` : spec?.expression ? `key ${spec.expression}` : '';
};

/** `count avg(delay)` for a window's aggregates. */
export const aggregatesText = (c: Record<string, unknown>): string =>
  Array.isArray(c.aggregates) ? (c.aggregates as { fn?: string; field?: string }[]).map((a) => `${a.fn ?? '?'}${a.field ? `(${a.field})` : ''}`).join(' ') : '';

/** The first 40 characters of the code's first line. */
export const firstLine = (code: string | undefined): string => (code ?? '').split('\n')[0]?.slice(0, 40) ?? '';

/** `tumbling 1h · key origin · count avg(delay)` for window nodes. */
export const windowSummary =
  (what: string) =>
  (c: Record<string, unknown>): string =>
    [`${what} ${str(c.size ?? c.gap)}`, keyText(c.key), aggregatesText(c)].filter(Boolean).join(' · ');

/**
 * The differential tests' shared language with the Flink runner's "cep" job kind: conditions as
 * JSON (field, comparison, value; aggregates over an earlier stage's events; and/or/not), which
 * the Java side builds `IterativeCondition`s from (CepPatterns.java) and which `toTypeScript`
 * turns into a pattern node condition with the same meaning; and a seeded event file with
 * out-of-order arrival, equal timestamps and late events.
 */
import { seededRandom } from '../flink/flink-helpers.ts';

export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Agg = 'first' | 'last' | 'count' | 'sum' | 'min' | 'max' | 'avg';

export type JsonCond =
  | { field: string; op: Op; value: string | number | boolean }
  | { field: string; op: Op; ref: { stage: string; agg: Agg; field: string } }
  | { count: string; op: Op; value: number }
  | { and: JsonCond[] }
  | { or: JsonCond[] }
  | { not: JsonCond };

/** A stage as both sides take it: the pattern node's stage with JSON conditions. */
export interface JsonStage {
  name: string;
  contiguity: 'begin' | 'next' | 'followedBy' | 'followedByAny' | 'notNext' | 'notFollowedBy';
  condition?: JsonCond;
  quantifier?: 'one' | 'times' | 'oneOrMore' | 'timesOrMore';
  times?: number;
  to?: number;
  optional?: boolean;
  greedy?: boolean;
  consecutive?: boolean;
  allowCombinations?: boolean;
  until?: JsonCond;
}

export interface JsonPattern {
  stages: JsonStage[];
  within?: number;
  skip?: { strategy: 'noSkip' | 'skipToNext' | 'skipPastLastEvent' | 'skipToFirst' | 'skipToLast'; stage?: string };
}

/** Helpers every translated condition starts with: the comparison and aggregate rules of CepPatterns.java. */
const PRELUDE = `
const cmp = (l: unknown, op: string, r: unknown): boolean => {
  if (l === undefined || l === null || r === undefined || r === null) return false;
  let c: number;
  if (typeof l === 'number' && typeof r === 'number') c = l < r ? -1 : l > r ? 1 : 0;
  else if (typeof l === 'string' && typeof r === 'string') c = l < r ? -1 : l > r ? 1 : 0;
  else if (typeof l === 'boolean' && typeof r === 'boolean') return op === '==' ? l === r : op === '!=' ? l !== r : false;
  else return op === '!=';
  switch (op) { case '==': return c === 0; case '!=': return c !== 0; case '<': return c < 0; case '<=': return c <= 0; case '>': return c > 0; default: return c >= 0; }
};
const agg = (events: readonly Record<string, unknown>[], a: string, f: string): unknown => {
  const values = events.map((e) => e[f]).filter((v) => v !== undefined && v !== null);
  if (a === 'count') return events.length;
  if (a === 'first') return values[0];
  if (a === 'last') return values[values.length - 1];
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const sum = numbers.reduce((s, v) => s + v, 0);
  if (a === 'sum') return sum;
  if (numbers.length === 0) return undefined;
  if (a === 'min') return Math.min(...numbers);
  if (a === 'max') return Math.max(...numbers);
  return sum / numbers.length;
};
`;

function expression(c: JsonCond): string {
  if ('and' in c) return `(${c.and.map(expression).join(' && ') || 'true'})`;
  if ('or' in c) return `(${c.or.map(expression).join(' || ') || 'false'})`;
  if ('not' in c) return `!${expression(c.not)}`;
  if ('count' in c) return `cmp(ctx.matched(${JSON.stringify(c.count)}).length, ${JSON.stringify(c.op)}, ${JSON.stringify(c.value)})`;
  if ('ref' in c)
    return `cmp(event[${JSON.stringify(c.field)}], ${JSON.stringify(c.op)}, agg(ctx.matched(${JSON.stringify(c.ref.stage)}), ${JSON.stringify(c.ref.agg)}, ${JSON.stringify(c.ref.field)}))`;
  return `cmp(event[${JSON.stringify(c.field)}], ${JSON.stringify(c.op)}, ${JSON.stringify(c.value)})`;
}

/** The condition as the body of a pattern node condition (TypeScript over `event` and `ctx`). */
export function toTypeScript(c: JsonCond): string {
  return `${PRELUDE}\nreturn ${expression(c)};`;
}

/** The pattern node's config for `p`, keyed by `keyField`. */
export function nodeConfig(p: JsonPattern): Record<string, unknown> {
  return {
    stages: p.stages.map(({ condition, until, ...rest }) => ({
      ...rest,
      ...(condition ? { condition: toTypeScript(condition) } : {}),
      ...(until ? { until: toTypeScript(until) } : {}),
    })),
    ...(p.within !== undefined ? { within: p.within } : {}),
    ...(p.skip ? { skip: p.skip } : {}),
  };
}

/** One generated event. */
export interface GeneratedEvent {
  id: string;
  k: string;
  ts: number;
  type: string;
  v: number;
}

/**
 * `count` events over `keys` keys: timestamps advance by 0–1.5 s in steps of 500 ms (so many
 * are equal), types a/b/c/d, values 0–99; arrival order shuffled by delaying each event by up to
 * `maxDelay` ms (seeded), so events arrive out of order and, with a smaller watermark bound, late.
 */
export function generateEvents(seed: number, count: number, keys: number, maxDelay: number): GeneratedEvent[] {
  const random = seededRandom(seed);
  const types = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd', 'd'];
  let ts = Date.UTC(2024, 0, 1);
  const events: { e: GeneratedEvent; arrival: number; n: number }[] = [];
  for (let n = 0; n < count; n++) {
    ts += Math.floor(random() * 4) * 500;
    const e: GeneratedEvent = {
      id: `e${n}`,
      k: `k${Math.floor(random() * keys)}`,
      ts,
      type: types[Math.floor(random() * types.length)] as string,
      v: Math.floor(random() * 100),
    };
    events.push({ e, arrival: ts + Math.floor(random() * maxDelay), n });
  }
  events.sort((x, y) => x.arrival - y.arrival || x.n - y.n);
  return events.map((x) => x.e);
}

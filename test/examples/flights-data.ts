/**
 * The sample flights and airports read directly (not through the engine), for independent
 * computations of what the example pipelines must output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REPO } from '../cli/run-cli.ts';

export interface Flight {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

export function flights(): Flight[] {
  return readFileSync(join(REPO, 'examples/data/flights-20k.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Flight);
}

/** `yyyy/MM/dd HH:mm` read as UTC, in epoch ms. */
export function flightTime(date: string): number {
  const [d, t] = date.split(' ') as [string, string];
  const [y, mo, da] = d.split('/').map(Number) as [number, number, number];
  const [h, mi] = t.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, da, h, mi);
}

export function airports(): Map<string, { state: string; city: string }> {
  const rows = parse(readFileSync(join(REPO, 'examples/data/airports.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [r.iata as string, { state: r.state as string, city: r.city as string }]));
}

export function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Rows as sorted JSON strings, for order-insensitive equality. */
export function canonical(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

export const HOUR = 3_600_000;

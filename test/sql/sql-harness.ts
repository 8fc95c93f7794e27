/**
 * Helpers for the sql node's conformance tests: the node on the operator test harness with its
 * input tables (each a source declaring `schema`), ISO times as epoch ms, and records fed with
 * punctuated watermarks (`W = t - bound - 1` after each record, as a source with
 * `emit: "punctuated"` does), so what is late is decided by the test.
 */
import { OperatorTestHarness, type HarnessOptions } from '../harness/operator-harness.ts';
import type { DataRecord } from '../../engine/runtime/record.ts';

/** Epoch ms of an ISO time (`'00:10'` is 2024-01-01T00:10:00Z; a full ISO string as it is). */
export function at(time: string): number {
  return Date.parse(time.length <= 8 ? `2024-01-01T${time.length === 5 ? `${time}:00` : time}Z` : time);
}

/** `2024-01-01T00:10:00.000Z` for `'00:10'`. */
export function iso(time: string): string {
  return new Date(at(time)).toISOString();
}

/** Opens a sql node with `query` over `tables` (name → column → type). */
export function sqlNode(query: string, tables: Record<string, Record<string, string>>, options: Omit<HarnessOptions, 'tables'> = {}): Promise<OperatorTestHarness> {
  return OperatorTestHarness.open({ type: 'sql', config: { query } }, { ...options, tables });
}

/**
 * Feeds `[time, record]` pairs to `table` in order, each followed by the watermark
 * `time - bound - 1` (Flink's BoundedOutOfOrdernessWatermarks, punctuated).
 */
export function feed(h: OperatorTestHarness, table: string, rows: readonly (readonly [string, DataRecord])[], bound = 0): void {
  for (const [time, record] of rows) {
    h.processElement(record, at(time), table);
    h.processWatermark(at(time) - bound - 1, table);
  }
}

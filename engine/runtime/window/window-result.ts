/**
 * Shared by the window operators: the per-window accumulator (key values + one accumulator
 * per aggregate) and the result row `{ key fields, window_start, window_end, aggregates }`
 * (Flink SQL window TVF columns, times as `Date#toISOString()`).
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import type { KeySelector } from '../key-selector.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { ownField } from '../own-field.ts';
import { aggregateFunction, type AggregateFunction, type UserAggregate } from './aggregates.ts';

export interface WindowAccumulator {
  /** Values of the key fields (field keys), or the key itself (expression keys). */
  key: unknown[] | string;
  accs: unknown[];
}

export class WindowAggregation {
  private readonly fns: AggregateFunction[];
  private readonly names: string[];
  /** Arrival counter for first/last; checkpointed so they agree after a restore. */
  seq = 0;
  /** Window bounds repeat across keys: cache their ISO strings (bounded). */
  private readonly iso = new Map<number, string>();

  constructor(
    specs: readonly AggregateSpec[],
    private readonly selector: KeySelector,
    ctx: OperatorContext,
  ) {
    const user = ctx.hasUserCode() ? ctx.userCode<UserAggregate>() : undefined;
    this.fns = specs.map((s) => aggregateFunction(s, user));
    this.names = specs.map((s) => s.name);
  }

  /** `count:n,avg(delay):avg_delay` and the key fields: part of the window's state shape. */
  shape(specs: readonly AggregateSpec[]): string {
    const key = this.selector.fields ? `fields(${this.selector.fields.join(',')})` : 'expression';
    return `key=${key};aggregates=${specs.map((s) => `${s.fn}(${s.field ?? ''}):${s.name}`).join(',')}`;
  }

  create(row: DataRecord, key: string): WindowAccumulator {
    const fields = this.selector.fields;
    return { key: fields ? fields.map((f) => ownField(row, f)) : key, accs: this.fns.map((f) => f.create()) };
  }

  add(w: WindowAccumulator, row: DataRecord): void {
    const seq = this.seq++;
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) w.accs[i] = (fns[i] as AggregateFunction).add(w.accs[i], row, seq);
  }

  merge(a: WindowAccumulator, b: WindowAccumulator): WindowAccumulator {
    return { key: a.key, accs: this.fns.map((f, i) => f.merge(a.accs[i], b.accs[i])) };
  }

  private isoString(ms: number): string {
    let s = this.iso.get(ms);
    if (s === undefined) {
      if (this.iso.size >= 4096) this.iso.clear();
      s = new Date(ms).toISOString();
      this.iso.set(ms, s);
    }
    return s;
  }

  result(w: WindowAccumulator, start: number, end: number): DataRecord {
    const row: DataRecord = {};
    const fields = this.selector.fields;
    if (fields && Array.isArray(w.key)) for (let i = 0; i < fields.length; i++) row[fields[i] as string] = w.key[i];
    else row.key = w.key;
    row.window_start = this.isoString(start);
    row.window_end = this.isoString(end);
    for (let i = 0; i < this.fns.length; i++) row[this.names[i] as string] = (this.fns[i] as AggregateFunction).result(w.accs[i]);
    return row;
  }
}

/**
 * A fixed-size ring of a port's latest records for the live view. Recording is one array
 * store and one increment per record; copying out happens only when the host asks.
 */
import type { DataRecord } from './record.ts';

export interface SampledRecord {
  row: DataRecord;
  /** Event timestamp, epoch ms. */
  timestamp: number;
  /**
   * Provenance, for nodes with `capabilities.provenance`: the arrival positions (1-based) at the
   * node of the input records this row was formed from (a pattern match's events).
   */
  inputs?: number[];
  /** For a node's input samples: the record's arrival position at the node (1-based). */
  position?: number;
}

export class SampleRing {
  private readonly rows: DataRecord[];
  private readonly times: Float64Array;
  /** Per slot, provenance or position when the port's node records them (allocated on first use). */
  private extras: (readonly number[] | number | undefined)[] | undefined;
  private next = 0;

  constructor(readonly capacity = 32) {
    this.rows = new Array<DataRecord>(capacity);
    this.times = new Float64Array(capacity);
  }

  /** `extra`: the input positions a row was formed from, or an input record's own position. */
  record(row: DataRecord, timestamp: number, extra?: readonly number[] | number): void {
    const i = this.next % this.capacity;
    this.rows[i] = row;
    this.times[i] = timestamp;
    if (extra !== undefined || this.extras) (this.extras ??= new Array<readonly number[] | number | undefined>(this.capacity))[i] = extra;
    this.next++;
  }

  /** Oldest first, at most `capacity` records. */
  latest(): SampledRecord[] {
    const count = Math.min(this.next, this.capacity);
    const out: SampledRecord[] = [];
    for (let k = this.next - count; k < this.next; k++) {
      const i = k % this.capacity;
      const sample: SampledRecord = { row: this.rows[i] as DataRecord, timestamp: this.times[i] as number };
      const extra = this.extras?.[i];
      if (typeof extra === 'number') sample.position = extra;
      else if (extra !== undefined) sample.inputs = [...extra];
      out.push(sample);
    }
    return out;
  }
}

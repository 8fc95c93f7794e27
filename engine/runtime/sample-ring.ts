/**
 * A fixed-size ring of a port's latest records for the live view. Recording is one array
 * store and one increment per record; copying out happens only when the host asks.
 */
import type { DataRecord } from './record.ts';

export interface SampledRecord {
  row: DataRecord;
  /** Event timestamp, epoch ms. */
  timestamp: number;
}

export class SampleRing {
  private readonly rows: DataRecord[];
  private readonly times: Float64Array;
  private next = 0;

  constructor(readonly capacity = 32) {
    this.rows = new Array<DataRecord>(capacity);
    this.times = new Float64Array(capacity);
  }

  record(row: DataRecord, timestamp: number): void {
    const i = this.next % this.capacity;
    this.rows[i] = row;
    this.times[i] = timestamp;
    this.next++;
  }

  /** Oldest first, at most `capacity` records. */
  latest(): SampledRecord[] {
    const count = Math.min(this.next, this.capacity);
    const out: SampledRecord[] = [];
    for (let k = this.next - count; k < this.next; k++) {
      const i = k % this.capacity;
      out.push({ row: this.rows[i] as DataRecord, timestamp: this.times[i] as number });
    }
    return out;
  }
}

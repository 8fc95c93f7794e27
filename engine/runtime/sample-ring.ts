/**
 * A fixed-size ring of a port's latest records for the live view. Recording is one array
 * store and one increment per record; copying out happens only when the host asks.
 */
import type { Row } from './row.ts';

export interface SampledRecord {
  row: Row;
  /** Event timestamp, epoch ms. */
  timestamp: number;
}

export class SampleRing {
  private readonly rows: Row[];
  private readonly times: Float64Array;
  private next = 0;

  constructor(readonly capacity = 32) {
    this.rows = new Array<Row>(capacity);
    this.times = new Float64Array(capacity);
  }

  record(row: Row, timestamp: number): void {
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
      out.push({ row: this.rows[i] as Row, timestamp: this.times[i] as number });
    }
    return out;
  }
}

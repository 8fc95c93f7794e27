/**
 * `java.util.PriorityQueue` (OpenJDK 17) over a plain array, so that a queue lives in keyed state
 * as it is and behaves exactly as Flink's: Flink CEP iterates its queues of partial and completed
 * matches in the heap's array order and polls ties in the order the heap's sift operations leave
 * them, and both decide which of two equally early matches an after-match skip strategy keeps.
 * The array is the heap: `es[0]` is the least element; the array's length is the queue's size.
 */

/** Java's `Comparator.compare`: negative, zero or positive. */
export type Compare<T> = (a: T, b: T) => number;

/** `offer(e)`: append and sift up. */
export function pqOffer<T>(es: T[], e: T, cmp: Compare<T>): void {
  let k = es.length;
  es.push(e);
  while (k > 0) {
    const parent = (k - 1) >>> 1;
    const p = es[parent] as T;
    if (cmp(e, p) >= 0) break;
    es[k] = p;
    k = parent;
  }
  es[k] = e;
}

/** `peek()`: the least element, or `undefined`. */
export function pqPeek<T>(es: readonly T[]): T | undefined {
  return es[0];
}

/** `poll()`: removes and returns the least element; the last element sifts down from the root. */
export function pqPoll<T>(es: T[], cmp: Compare<T>): T | undefined {
  if (es.length === 0) return undefined;
  const result = es[0] as T;
  const x = es.pop() as T;
  if (es.length > 0) siftDown(es, 0, x, cmp);
  return result;
}

function siftDown<T>(es: T[], start: number, x: T, cmp: Compare<T>): void {
  const n = es.length;
  const half = n >>> 1;
  let k = start;
  while (k < half) {
    let child = (k << 1) + 1;
    let c = es[child] as T;
    const right = child + 1;
    if (right < n && cmp(c, es[right] as T) > 0) c = es[(child = right)] as T;
    if (cmp(x, c) <= 0) break;
    es[k] = c;
    k = child;
  }
  es[k] = x;
}

/** `heapify()`: sift down every inner node, last first. */
function heapify<T>(es: T[], cmp: Compare<T>): void {
  for (let i = (es.length >>> 1) - 1; i >= 0; i--) siftDown(es, i, es[i] as T, cmp);
}

/**
 * `removeIf(filter)` / `removeAll(c)` (Java's `bulkRemove`): survivors keep their array order,
 * then the heap is rebuilt with `heapify`; nothing happens when nothing matches.
 * @returns whether anything was removed.
 */
export function pqRemoveIf<T>(es: T[], filter: (e: T) => boolean, cmp: Compare<T>): boolean {
  const end = es.length;
  let i = 0;
  while (i < end && !filter(es[i] as T)) i++;
  if (i >= end) return false;
  const dead: boolean[] = new Array<boolean>(end).fill(false);
  dead[i] = true;
  for (let j = i + 1; j < end; j++) if (filter(es[j] as T)) dead[j] = true;
  let w = i;
  for (let j = i; j < end; j++) if (!dead[j]) es[w++] = es[j] as T;
  es.length = w;
  heapify(es, cmp);
  return true;
}

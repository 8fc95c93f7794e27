/**
 * What user code sees, declared once: the engine implements these types (the process
 * function's `ctx`, keyed state, custom aggregates, join code), and the code editor gives the
 * same file to Monaco as declarations (`renderer/inspector/user-api-lib.ts` strips `export`),
 * so the editor's types are the engine's own. Types only, no imports: it must read as a
 * declaration file. Times are epoch milliseconds.
 */

/** A record: field name to JSON-like value. */
export type UserRecord = Record<string, unknown>;

/** One value per key (Flink's `ValueState`). */
export interface ValueState<T> {
  get(): T | undefined;
  set(value: T): void;
  clear(): void;
}

/** A map per key (Flink's `MapState`); map keys are strings or numbers. */
export interface MapState<V> {
  get(key: string | number): V | undefined;
  set(key: string | number, value: V): void;
  delete(key: string | number): void;
  has(key: string | number): boolean;
  entries(): IterableIterator<[string | number, V]>;
  size(): number;
  clear(): void;
}

/** A list per key (Flink's `ListState`). */
export interface ListState<T> {
  get(): readonly T[];
  add(value: T): void;
  update(values: T[]): void;
  clear(): void;
}

/** Keyed state by name, scoped to the current key (Flink's `getRuntimeContext().getState(...)`). */
export interface StateAccess {
  value<T>(name: string): ValueState<T>;
  map<V>(name: string): MapState<V>;
  list<T>(name: string): ListState<T>;
}

/** Event-time timers of the current key (Flink's `TimerService`). */
export interface TimerAccess {
  /** Fires `onTimer(timestamp, ctx)` when the watermark reaches `timestamp` (epoch ms). */
  registerEventTime(timestamp: number): void;
  deleteEventTime(timestamp: number): void;
}

/** The `ctx` of a process function (Flink's `KeyedProcessFunction.Context`). */
export interface ProcessContext {
  readonly key: string;
  /** Timestamp of the current record, or of the firing timer (epoch ms). */
  readonly timestamp: number;
  /** The node's current watermark (epoch ms; -Infinity before the first). */
  readonly watermark: number;
  readonly state: StateAccess;
  readonly timers: TimerAccess;
  /** Emits on `out`, with the current timestamp unless one is given. */
  emit(record: UserRecord, timestamp?: number): void;
  /** Emits on the `side` output (Flink's side output). */
  sideOutput(record: UserRecord, timestamp?: number): void;
}

/** A process node's code: `onEvent` per record, `onTimer` per fired timer. */
export interface ProcessFunctions {
  onEvent(event: UserRecord, ctx: ProcessContext): void;
  onTimer?(timestamp: number, ctx: ProcessContext): void;
}

/** A window's custom aggregate (`fn: "custom"`; Flink's `AggregateFunction`). */
export interface UserAggregate<Acc = unknown> {
  create(): Acc;
  add(acc: Acc, event: UserRecord): Acc;
  merge(a: Acc, b: Acc): Acc;
  result(acc: Acc): unknown;
}

/** A join's code: builds the joined record from a left and a right record. */
export type JoinFunction = (left: UserRecord, right: UserRecord) => UserRecord;

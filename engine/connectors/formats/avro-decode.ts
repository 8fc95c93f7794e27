/**
 * Avro binary decoding (Avro 1.11 spec, "Binary Encoding") by interpreting the schema. Why not
 * avsc: it compiles its decoders with `new Function`, which the job sandbox forbids
 * (`--disallow-code-generation-from-strings`, see `engine/launch/permissions.ts`). A schema is
 * turned once into a tree of closures, so decoding a record costs no schema lookups.
 *
 * Values come out JSON-like, as Flink's Avro format types them: int/long → number (a long
 * beyond 2^53 → decimal string), bytes/fixed → base64, enum → symbol string, map → object,
 * unions → the branch's value (null or the value; not wrapped), timestamp-millis/micros and
 * local-timestamp-* → epoch milliseconds, date → `yyyy-MM-dd`, decimal → number, uuid → string.
 */

/** Where decoding is in a buffer. */
export interface Cursor {
  buf: Buffer;
  pos: number;
}

export type Decoder = (c: Cursor) => unknown;

/** Raised for bytes that do not decode with the schema (truncated data, bad lengths or indexes). */
export class AvroDecodeError extends Error {}

function need(c: Cursor, n: number): void {
  if (n < 0 || c.pos + n > c.buf.length) throw new AvroDecodeError(`data ends ${c.pos + n - c.buf.length} bytes early (or a length is negative)`);
}

/** A zigzag varint long: a number when |n| ≤ 2^48 (the fast path), else exact via bigint. */
export function readLong(c: Cursor): number | bigint {
  const start = c.pos;
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    need(c, 1);
    const b = c.buf[c.pos++] as number;
    n += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
    scale *= 128;
  }
  c.pos = start;
  let big = 0n;
  for (let shift = 0n; ; shift += 7n) {
    need(c, 1);
    if (shift > 63n) throw new AvroDecodeError('a long is longer than 10 bytes');
    const b = c.buf[c.pos++] as number;
    big |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
  }
  const value = (big >> 1n) ^ -(big & 1n);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function readCount(c: Cursor): number {
  const n = readLong(c);
  if (typeof n !== 'number') throw new AvroDecodeError('a length or count is out of range');
  return n;
}

function readBytes(c: Cursor): Buffer {
  const n = readCount(c);
  need(c, n);
  c.pos += n;
  return c.buf.subarray(c.pos - n, c.pos);
}

/** Items of an array or entries of a map: blocks of (count, items), a negative count followed by a byte size, 0 ends. */
function readBlocks(c: Cursor, item: () => void): void {
  for (let count = readCount(c); count !== 0; count = readCount(c)) {
    if (count < 0) {
      readLong(c); // byte size of the block, for skipping; not needed here
      count = -count;
    }
    for (let i = 0; i < count; i++) item();
  }
}

function unscaled(bytes: Buffer): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes.length > 0 && ((bytes[0] as number) & 0x80) !== 0) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

type Schema = string | Schema[] | { type: Schema; name?: string; namespace?: string; [key: string]: unknown };

/**
 * Compiles `schema` (parsed JSON) into a decoder.
 * @throws Error when the schema is not valid Avro (unknown type or name).
 */
export function avroDecoder(schema: unknown): Decoder {
  const named = new Map<string, Decoder>();
  const compile = (s: Schema, ns: string | undefined): Decoder => {
    if (Array.isArray(s)) {
      const branches = s.map((b) => compile(b, ns));
      return (c) => {
        const i = readCount(c);
        const branch = branches[i];
        if (branch === undefined) throw new AvroDecodeError(`union branch ${i} does not exist`);
        return branch(c);
      };
    }
    if (typeof s === 'string') {
      switch (s) {
        case 'null':
          return () => null;
        case 'boolean':
          return (c) => (need(c, 1), c.buf[c.pos++] !== 0);
        case 'int':
        case 'long':
          return (c) => {
            const v = readLong(c);
            return typeof v === 'bigint' ? v.toString() : v;
          };
        case 'float':
          return (c) => (need(c, 4), (c.pos += 4), c.buf.readFloatLE(c.pos - 4));
        case 'double':
          return (c) => (need(c, 8), (c.pos += 8), c.buf.readDoubleLE(c.pos - 8));
        case 'bytes':
          return (c) => readBytes(c).toString('base64');
        case 'string':
          return (c) => readBytes(c).toString('utf8');
        default: {
          const full = s.includes('.') || ns === undefined ? s : `${ns}.${s}`;
          // Late bound: a record may refer to itself.
          return (c) => {
            const d = named.get(full) ?? named.get(s);
            if (d === undefined) throw new Error(`unknown Avro type "${s}"`);
            return d(c);
          };
        }
      }
    }
    const logical = typeof s.logicalType === 'string' ? s.logicalType : undefined;
    const name = typeof s.name === 'string' ? s.name : undefined;
    const space = typeof s.namespace === 'string' ? s.namespace : name?.includes('.') ? name.slice(0, name.lastIndexOf('.')) : ns;
    const register = (d: Decoder): Decoder => {
      if (name !== undefined) named.set(name.includes('.') || space === undefined ? name : `${space}.${name}`, d);
      return d;
    };
    switch (s.type) {
      case 'record':
      case 'error': {
        const fields: { name: string; decode: Decoder }[] = [];
        const d = register((c) => {
          const row: Record<string, unknown> = {};
          for (const f of fields) row[f.name] = f.decode(c);
          return row;
        });
        for (const f of (s.fields as { name: string; type: Schema }[] | undefined) ?? []) fields.push({ name: f.name, decode: compile(f.type, space) });
        return d;
      }
      case 'enum': {
        const symbols = (s.symbols as string[] | undefined) ?? [];
        return register((c) => {
          const i = readCount(c);
          if (symbols[i] === undefined) throw new AvroDecodeError(`enum index ${i} does not exist`);
          return symbols[i];
        });
      }
      case 'fixed': {
        const size = Number(s.size);
        const raw = (c: Cursor): Buffer => (need(c, size), (c.pos += size), c.buf.subarray(c.pos - size, c.pos));
        if (logical === 'decimal') return register((c) => Number(unscaled(raw(c))) / 10 ** Number(s.scale ?? 0));
        return register((c) => raw(c).toString('base64'));
      }
      case 'array': {
        const item = compile(s.items as Schema, space);
        return (c) => {
          const out: unknown[] = [];
          readBlocks(c, () => out.push(item(c)));
          return out;
        };
      }
      case 'map': {
        const value = compile(s.values as Schema, space);
        return (c) => {
          const out: Record<string, unknown> = {};
          readBlocks(c, () => {
            const key = readBytes(c).toString('utf8');
            out[key] = value(c);
          });
          return out;
        };
      }
      default: {
        const base = compile(s.type, space);
        switch (logical) {
          case 'timestamp-micros':
          case 'local-timestamp-micros':
            return (c) => Math.floor(Number(base(c)) / 1000);
          case 'timestamp-nanos':
          case 'local-timestamp-nanos':
            return (c) => Math.floor(Number(base(c)) / 1_000_000);
          case 'date':
            return (c) => new Date(Number(base(c)) * 86_400_000).toISOString().slice(0, 10);
          case 'decimal':
            return (c) => Number(unscaled(readBytes(c))) / 10 ** Number(s.scale ?? 0);
          default:
            return base;
        }
      }
    }
  };
  return compile(schema as Schema, undefined);
}

/** A `map<bytes>` (an object container's header metadata) with the values as raw bytes. */
export function readBytesMap(c: Cursor): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  readBlocks(c, () => {
    const key = readBytes(c).toString('utf8');
    out[key] = readBytes(c);
  });
  return out;
}

"""Writes the test fixtures for Tributary's binary and compressed file formats with real,
independent writers: pyarrow (Apache Arrow's Parquet writer and its zstd codec), fastavro
(Avro object container files) and Python's gzip module.

usage: write-fixtures.py FLIGHTS_JSONL OUT_DIR

Writes, from the flights sample (fields and values unchanged, one row per line):
  flights.parquet (snappy, row groups of 3000), flights-zstd.parquet, flights.avro (deflate,
  small blocks), flights-null.avro, flights.jsonl.gz, flights.jsonl.zst, flights.csv.gz;
  typed.parquet / typed.avro with one column per type and typed.expected.json (what each value
  must read as, computed here from the inputs: epoch ms for timestamps, yyyy-MM-dd dates,
  decimal strings for 64-bit integers beyond 2^53, base64 for bytes);
  corrupt files: truncated-footer.parquet, bad-sync.avro, corrupt.jsonl.gz (a flipped byte),
  truncated.jsonl.gz, truncated.jsonl.zst.
"""
import base64, csv, datetime, decimal, gzip, io, json, sys
import fastavro
import pyarrow as pa
import pyarrow.parquet as pq

src, out = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(src, encoding='utf8') if l.strip()]
schema = pa.schema([('date', pa.string()), ('delay', pa.int64()), ('distance', pa.int64()), ('origin', pa.string()), ('destination', pa.string())])
table = pa.Table.from_pylist(rows, schema=schema)
pq.write_table(table, f'{out}/flights.parquet', row_group_size=3000, compression='snappy')
pq.write_table(table, f'{out}/flights-zstd.parquet', row_group_size=7000, compression='zstd')

avro_schema = fastavro.parse_schema({'type': 'record', 'name': 'Flight', 'fields': [
    {'name': 'date', 'type': 'string'}, {'name': 'delay', 'type': 'long'}, {'name': 'distance', 'type': 'long'},
    {'name': 'origin', 'type': 'string'}, {'name': 'destination', 'type': 'string'}]})
with open(f'{out}/flights.avro', 'wb') as f:
    fastavro.writer(f, avro_schema, rows, codec='deflate', sync_interval=16 * 1024)
with open(f'{out}/flights-null.avro', 'wb') as f:
    fastavro.writer(f, avro_schema, rows, codec='null', sync_interval=16 * 1024)

text = open(src, 'rb').read()
with gzip.open(f'{out}/flights.jsonl.gz', 'wb') as f:
    f.write(text)
open(f'{out}/flights.jsonl.zst', 'wb').write(pa.Codec('zstd').compress(text, asbytes=True))
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=['date', 'delay', 'distance', 'origin', 'destination'], lineterminator='\n')
w.writeheader()
w.writerows(rows)
with gzip.open(f'{out}/flights.csv.gz', 'wb') as f:
    f.write(buf.getvalue().encode('utf8'))

# Corrupt files.
data = open(f'{out}/flights.parquet', 'rb').read()
open(f'{out}/truncated-footer.parquet', 'wb').write(data[:-100])
avro = bytearray(open(f'{out}/flights-null.avro', 'rb').read())
with open(f'{out}/flights-null.avro', 'rb') as f:
    reader = fastavro.reader(f)
    sync = reader._header['sync']
first = avro.find(sync) + 16           # first block
second = avro.find(sync, first) + 16   # the sync after the first block ends it; flip a byte of the next marker
marker = avro.find(sync, second)
avro[marker + 3] ^= 0xff
open(f'{out}/bad-sync.avro', 'wb').write(bytes(avro))
gz = bytearray(open(f'{out}/flights.jsonl.gz', 'rb').read())
gz[len(gz) // 2] ^= 0xff
open(f'{out}/corrupt.jsonl.gz', 'wb').write(bytes(gz))
open(f'{out}/truncated.jsonl.gz', 'wb').write(open(f'{out}/flights.jsonl.gz', 'rb').read()[: len(gz) // 2])
zst = open(f'{out}/flights.jsonl.zst', 'rb').read()
open(f'{out}/truncated.jsonl.zst', 'wb').write(zst[: len(zst) // 2])

# One column per type.
utc = datetime.timezone.utc
ts = [datetime.datetime(2024, 1, 1, 0, 0, 0, 123000, tzinfo=utc), datetime.datetime(1999, 12, 31, 23, 59, 59, 999000, tzinfo=utc)]
typed = pa.table({
    'i32': pa.array([1, -2], pa.int32()),
    'i64': pa.array([2**53 - 1, 2**62], pa.int64()),
    'f64': pa.array([1.5, None], pa.float64()),
    'flag': pa.array([True, False]),
    'name': pa.array(['ä', 'b']),
    'blob': pa.array([b'\x00\x01', b'hi'], pa.binary()),
    'ts_ms': pa.array(ts, pa.timestamp('ms', tz='UTC')),
    'ts_us': pa.array([t + datetime.timedelta(microseconds=456) for t in ts], pa.timestamp('us', tz='UTC')),
    'day': pa.array([datetime.date(2024, 2, 29), datetime.date(1970, 1, 1)], pa.date32()),
    'price': pa.array([decimal.Decimal('12.34'), decimal.Decimal('-0.05')], pa.decimal128(9, 2)),
    'tags': pa.array([['a', 'b'], []], pa.list_(pa.string())),
    'point': pa.array([{'x': 1, 'y': 2}, {'x': 3, 'y': 4}], pa.struct([('x', pa.int32()), ('y', pa.int32())])),
})
pq.write_table(typed, f'{out}/typed.parquet')
def ms(t):
    return int(t.timestamp() * 1000) if t.microsecond % 1000 == 0 else int((t - datetime.datetime(1970, 1, 1, tzinfo=utc)) // datetime.timedelta(milliseconds=1))
expected = []
for i in range(2):
    i64 = typed['i64'][i].as_py()
    expected.append({
        'i32': typed['i32'][i].as_py(),
        'i64': i64 if abs(i64) <= 2**53 - 1 else str(i64),
        'f64': typed['f64'][i].as_py(),
        'flag': typed['flag'][i].as_py(),
        'name': typed['name'][i].as_py(),
        'blob': base64.b64encode(typed['blob'][i].as_py()).decode(),
        'ts_ms': ms(ts[i]),
        'ts_us': ms(ts[i] + datetime.timedelta(microseconds=456)),
        'day': typed['day'][i].as_py().isoformat(),
        'price': float(typed['price'][i].as_py()),
        'tags': typed['tags'][i].as_py(),
        'point': typed['point'][i].as_py(),
    })
json.dump(expected, open(f'{out}/typed.expected.json', 'w'))

typed_avro_schema = fastavro.parse_schema({'type': 'record', 'name': 'Typed', 'fields': [
    {'name': 'n', 'type': 'int'}, {'name': 'big', 'type': 'long'}, {'name': 'opt', 'type': ['null', 'string'], 'default': None},
    {'name': 'at', 'type': {'type': 'long', 'logicalType': 'timestamp-millis'}},
    {'name': 'kind', 'type': {'type': 'enum', 'name': 'Kind', 'symbols': ['A', 'B']}},
    {'name': 'raw', 'type': 'bytes'}, {'name': 'attrs', 'type': {'type': 'map', 'values': 'double'}},
    {'name': 'items', 'type': {'type': 'array', 'items': 'int'}}]})
avro_rows = [
    {'n': 7, 'big': 2**40, 'opt': None, 'at': ts[0], 'kind': 'B', 'raw': b'\xff', 'attrs': {'k': 0.25}, 'items': [1, 2]},
    {'n': -1, 'big': -5, 'opt': 'x', 'at': ts[1], 'kind': 'A', 'raw': b'', 'attrs': {}, 'items': []},
]
with open(f'{out}/typed.avro', 'wb') as f:
    fastavro.writer(f, typed_avro_schema, avro_rows, codec='deflate')
json.dump([{**r, 'at': ms(r['at']), 'raw': base64.b64encode(r['raw']).decode()} for r in avro_rows], open(f'{out}/typed-avro.expected.json', 'w'))

# How many records the block with the damaged sync marker holds (fastavro's own block reader),
# so the test can check exactly those are reported lost.
with open(f'{out}/flights-null.avro', 'rb') as f:
    damaged_block = None
    for block in fastavro.block_reader(f):
        if damaged_block is None and block.offset >= second:
            damaged_block = {'offset': block.offset, 'records': block.num_records}
json.dump({'total': len(rows), 'lostBlock': damaged_block}, open(f'{out}/bad-sync.expected.json', 'w'))

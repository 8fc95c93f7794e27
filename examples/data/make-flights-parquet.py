"""Writes flights-20k.parquet from flights-20k.jsonl with pyarrow: the same 20,000 rows, fields
and values (date as a string, delay and distance as INT64, origin and destination as strings),
snappy-compressed, in row groups of 5,000 rows. usage: python make-flights-parquet.py
(from examples/data; needs pyarrow, e.g. test/formats/setup-python.sh)."""
import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

schema = pa.schema([('date', pa.string()), ('delay', pa.int64()), ('distance', pa.int64()), ('origin', pa.string()), ('destination', pa.string())])
table = pj.read_json('flights-20k.jsonl', parse_options=pj.ParseOptions(explicit_schema=schema))
pq.write_table(table, 'flights-20k.parquet', row_group_size=5000, compression='snappy')
print(table.num_rows, 'rows')

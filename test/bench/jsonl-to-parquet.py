"""Converts the benchmark's flights JSON Lines file to Parquet with pyarrow (snappy, row groups
of 100,000 rows), for the Parquet replay benchmark. usage: jsonl-to-parquet.py IN.jsonl OUT.parquet"""
import sys
import pyarrow.json as pj
import pyarrow.parquet as pq

table = pj.read_json(sys.argv[1])
pq.write_table(table, sys.argv[2], row_group_size=100_000, compression='snappy')
print(table.num_rows)

#!/bin/sh
# Makes the Python the format tests use to write their fixtures: a virtual environment in
# ~/.cache/tributary/python with pyarrow and fastavro from PyPI.
set -e
dir="${HOME}/.cache/tributary/python"
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet pyarrow fastavro
"$dir/bin/python" -c 'import pyarrow, fastavro; print("pyarrow", pyarrow.__version__, "fastavro", fastavro.__version__)'

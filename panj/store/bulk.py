"""Bulk writes: rows handed to DuckDB as one Arrow table per statement; and the read of every event record a
chunk at a time, for the passes over a whole store (migrations, a full alert rebuild) that must stay in bounded
memory.

Why Arrow: DuckDB pays per statement and per bound parameter; a multi-row VALUES statement moves about 10k rows a
second, an Arrow table scanned in place about 300k (measured on this project's machine, 10 columns).
"""
from __future__ import annotations

import itertools
import json
from contextlib import contextmanager
from typing import Any, Iterator

import duckdb
import pyarrow as pa

_names = itertools.count()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, data: pa.Table, prefix: str = "_panj_bulk") -> Iterator[str]:
    """`data` visible to SQL under a fresh name for the block (DuckDB scans it in place), then unregistered."""
    name = f"{prefix}_{next(_names)}"
    con.register(name, data)
    try:
        yield name
    finally:
        con.unregister(name)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple | list], prefix: str = "INSERT INTO"
                ) -> None:
    """Insert `rows` (tuples in the table's column order) in one statement; DuckDB casts each column to the
    table's type (ISO date strings to DATE, lists to arrays)."""
    if not rows:
        return
    columns = list(zip(*rows))
    data = pa.table({f"c{i}": pa.array(list(col)) for i, col in enumerate(columns)})
    with registered(con, data) as name:
        con.execute(f"{prefix} {table} SELECT * FROM {name}")


def sort_rows(con: duckdb.DuckDBPyConnection, table: str, order: str) -> None:
    """Rewrite `table` in `order` (fixed SQL from our code), inside the caller's transaction, so that DuckDB's zone
    maps skip the row groups of other keys: a look-up of a few thousand rows scattered over a million otherwise
    decompresses nearly every vector of the columns it reads."""
    name = f"_panj_sorted_{next(_names)}"
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {table} ORDER BY {order}")
    try:
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT * FROM {name}")
    finally:
        con.execute(f"DROP TABLE {name}")


def record_chunks(con: duckdb.DuckDBPyConnection, chunk: int) -> Iterator[list[dict[str, Any]]]:
    """Every event record, `chunk` at a time in id order (bounded memory over a million events)."""
    last = ""
    while rows := con.execute("SELECT id, record FROM events WHERE id > ? ORDER BY id LIMIT ?",
                              [last, chunk]).fetchall():
        yield [json.loads(r[1]) for r in rows]
        last = rows[-1][0]

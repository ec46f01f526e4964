"""Arrow schemas of the library's tables beyond events and mentions (panj/tables.py), and the one conversion to
pandas every table goes through.

Why one conversion: the dtypes a user gets should not depend on which method made the table. Dates become
`datetime64` (resample, plot and compare them directly), integers nullable `Int32`/`Int64` (a missing count is
not 0.0), booleans nullable `boolean`, and LIST/STRUCT columns stay typed as `pd.ArrowDtype` (use `.list` and
`.struct` accessors, or `explode`), rather than object columns of Python values.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from panj.tables import ACTOR

_S = pa.string()
_TS = pa.timestamp("us")

DOCUMENTS = pa.schema([
    ("doc_id", _S), ("title", _S), ("outlet", _S), ("url", _S), ("source_path", _S), ("language", _S),
    ("published", pa.date32()), ("published_granularity", _S), ("published_inferred", pa.bool_()),
    ("published_basis", _S), ("credits", pa.list_(_S)), ("duplicate_of", _S), ("n_chars", pa.int32()),
    ("event_mentions", pa.int32()), ("ingested_at", _TS), ("processed_at", _TS), ("text", _S),
])

CLAIMS = pa.schema([
    ("event_id", _S), ("mention_id", _S), ("doc_id", _S), ("stance", _S), ("claimant_name", _S),
    ("claimant", ACTOR), ("via", pa.list_(ACTOR)), ("text", _S), ("start", pa.int32()), ("end", pa.int32()),
    ("cue", _S), ("rule", _S),
])

SERIES = pa.schema([
    ("start", pa.date32()), ("end", pa.date32()), ("value", pa.float64()), ("conflict", pa.float64()),
    ("conflict_score", pa.float64()), ("cooperation", pa.float64()), ("cooperation_score", pa.float64()),
    ("events", pa.int32()), ("documents", pa.int32()), ("conflict_per_doc", pa.float64()),
    ("cooperation_per_doc", pa.float64()), ("conflict_percentile", pa.float64()),
    ("cooperation_percentile", pa.float64()), ("event_ids", pa.list_(_S)),
])

ALERTS = pa.schema([
    ("alert_id", _S), ("kind", _S), ("scope", _S), ("key", _S), ("metric", _S), ("period_start", pa.date32()),
    ("period_end", pa.date32()), ("value", pa.float64()), ("baseline", pa.float64()), ("change", pa.float64()),
    ("state", _S), ("active", pa.bool_()), ("event_ids", pa.list_(_S)), ("explanation", _S),
    ("created_at", _TS), ("updated_at", _TS), ("detail", _S),
])


def _pandas_type(t: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_list(t) or pa.types.is_struct(t):
        return pd.ArrowDtype(t)
    if pa.types.is_integer(t):
        return pd.Int64Dtype() if t.bit_width == 64 else pd.Int32Dtype()
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    return None  # dates and timestamps: datetime64 (below); floats float64; strings pandas' own string dtype


def output(table: pa.Table, as_arrow: bool) -> Any:
    """The table itself (`as_arrow=True`) or a pandas DataFrame with the dtypes above."""
    if as_arrow:
        return table
    return table.to_pandas(types_mapper=_pandas_type, date_as_object=False)

"""Fusion: event mentions from many documents become one event record per real-world event.

- `config`: settings (panj/data/fusion.yaml), type families, outlet aliases;
- `compatibility`: whether participants, places and dates of a mention and an event can be the same event;
- `sources`: which documents are independent sources (near-copies and syndicated wire stories fold into one);
- `record`: building an event record from its mentions (actors, places, date, status, summary);
- `blocking`: which events a mention could join (type family, date weeks, participant and place keys);
- `cluster`: `fuse`, the loop that joins each mention to the best compatible event or starts a new one;
- `incremental`: fusion over the store, loading only candidate events and writing only changed ones.
"""
from panj.fuse.cluster import fuse, match
from panj.fuse.sources import SourceDoc, independent_source_count

__all__ = ["SourceDoc", "fuse", "independent_source_count", "match"]

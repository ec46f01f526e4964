"""JSON Lines: one document per line with text, url, outlet, published, title (language optional)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from panj.ingest.base import IngestError, RawDoc, Skip, decode, parse_date, read_limited


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDoc | Skip]:
    text = decode(read_limited(path, max_bytes), str(path))
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise IngestError("line is not a JSON object")
            if not isinstance(obj.get("text"), str):
                raise IngestError("no 'text' field")
            yield RawDoc(text=obj["text"], source_path=where, url=obj.get("url"), outlet=obj.get("outlet"),
                         title=obj.get("title"), language=obj.get("language"),
                         published=parse_date(obj.get("published")),
                         published_basis="metadata" if obj.get("published") else None)
        except json.JSONDecodeError as e:
            yield Skip(where, f"broken JSON ({e.msg})")
        except IngestError as e:
            yield Skip(where, str(e))

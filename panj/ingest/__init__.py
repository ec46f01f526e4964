"""Readers: every supported input becomes RawDoc records (or Skips with a one-line reason)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from panj.ingest.base import DEFAULT_MAX_BYTES, IngestError, RawDoc, Skip

SUFFIXES = {
    ".txt": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".gz": "warc",
}


def discover(paths: list[str]) -> Iterator[Path | str]:
    """Files under the given paths (directories recursed, hidden files skipped), and feed URLs as given."""
    for p in paths:
        if p.startswith(("http://", "https://")):
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def read_source(source: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc | Skip]:
    """Dispatch on suffix; any failure becomes a Skip naming the source, never an exception."""
    try:
        if isinstance(source, str):
            from panj.ingest.feed import read_feed

            yield from read_feed(source, max_bytes)
            return
        if not source.exists():
            raise IngestError("no such file")
        kind = SUFFIXES.get(source.suffix.lower())
        if source.name.lower().endswith((".warc.gz", ".warc")):
            kind = "warc"
        elif kind == "warc":  # a .gz that is not a WARC
            kind = None
        if kind is None:
            raise IngestError(f"unsupported file type {source.suffix or '(no suffix)'!r}")
        if kind == "text":
            from panj.ingest.text import read_text as reader
        elif kind == "html":
            from panj.ingest.html import read_html as reader
        elif kind == "jsonl":
            from panj.ingest.jsonl import read_jsonl as reader
        elif kind == "feed":
            from panj.ingest.feed import read_feed as reader
        else:
            from panj.ingest.warc import read_warc as reader
        yield from reader(source, max_bytes)
    except IngestError as e:
        yield Skip(str(source), str(e))
    except (OSError, ValueError) as e:
        yield Skip(str(source), f"unreadable: {e}")


__all__ = ["discover", "read_source", "RawDoc", "Skip", "IngestError", "DEFAULT_MAX_BYTES"]

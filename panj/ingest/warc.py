"""WARC web archives: every HTML response record becomes a document (main text via trafilatura)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from panj.ingest.base import IngestError, RawDoc, Skip, read_limited


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDoc | Skip]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from panj.ingest.html import from_html

    read_limited(path, max_bytes * 20)  # archives hold many pages: a wider size limit
    found = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in ctype:
                    continue
                found += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#{url}"
                try:
                    data = record.content_stream().read()
                    yield from_html(data.decode("utf-8", errors="replace"), where, url=url)
                except IngestError as e:
                    yield Skip(where, str(e))
    except ArchiveLoadFailed as e:
        raise IngestError(f"broken WARC: {str(e).splitlines()[0]}") from None
    if not found:
        raise IngestError("WARC holds no HTML responses")

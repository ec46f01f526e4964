"""HTML pages: the main text and metadata (trafilatura), publication date (htmldate); boilerplate dropped."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from panj.ingest.base import IngestError, RawDoc, decode, parse_date, read_limited


def read_html(path: Path, max_bytes: int) -> Iterator[RawDoc]:
    yield from_html(decode(read_limited(path, max_bytes), str(path)), str(path))


def from_html(html: str, source: str, url: str | None = None) -> RawDoc:
    import trafilatura
    from htmldate import find_date

    if "<" not in html:
        raise IngestError("broken HTML: no markup found")
    extracted = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                            with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise IngestError("broken HTML: no main text could be extracted")
    published = None
    basis = None
    found = getattr(extracted, "date", None) or find_date(html, original_date=True, outputformat="%Y-%m-%d")
    if found:
        published, basis = parse_date(found), "HTML metadata (htmldate)"
    return RawDoc(
        text=text, source_path=source, url=url or getattr(extracted, "url", None),
        outlet=getattr(extracted, "sitename", None), title=getattr(extracted, "title", None),
        language=getattr(extracted, "language", None), published=published, published_basis=basis,
        outlet_basis="HTML metadata" if getattr(extracted, "sitename", None) else None,
    )

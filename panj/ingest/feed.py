"""RSS and Atom feeds, from a file or a URL: one document per entry (its full content when the feed carries it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from panj.ingest.base import IngestError, RawDoc, Skip, decode, read_limited


@dataclass
class FeedEntry:
    key: str | None  # the item's link, else its id: what `panj watch` remembers a seen item by
    item: RawDoc | Skip


def read_feed(source: Path | str, max_bytes: int) -> Iterator[RawDoc | Skip]:
    if isinstance(source, Path):
        data: str | bytes = decode(read_limited(source, max_bytes), str(source))
    else:  # a feed URL: timeouts and retries of panj/ingest/fetch.py
        from panj.ingest.fetch import Fetcher, FetchPolicy

        data = Fetcher(FetchPolicy.configured(max_bytes=max_bytes)).get(source).body
    _, entries = parse_feed(data, str(source))
    for entry in entries:
        yield entry.item


def parse_feed(data: str | bytes, source: str) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and one entry per item (its full content when the feed carries it, else its summary);
    a feed with no readable item raises IngestError."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise IngestError(f"broken or empty feed: {str(reason).splitlines()[0] if reason else 'no entries'}")
    outlet = parsed.feed.get("title")
    out = []
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{n}"
        key = entry.get("link") or entry.get("id")
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "")
        text = _html_to_text(body)
        title = entry.get("title")
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
        if not text.strip():
            out.append(FeedEntry(key, Skip(where, "feed entry without text")))
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        out.append(FeedEntry(key, RawDoc(text=text, source_path=where, url=entry.get("link"), outlet=outlet,
                                         title=title, language=parsed.feed.get("language"), published=published,
                                         published_basis="feed entry date" if published else None,
                                         outlet_basis="feed title" if outlet else None)))
    return outlet, out


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several types on hopeless markup
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")]
    text = "\n\n".join(b for b in blocks if b) or root.text_content()
    return text.strip()

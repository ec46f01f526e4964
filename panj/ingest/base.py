"""What every reader produces, and the checks every document passes before it is stored."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path


class IngestError(Exception):
    """A source that cannot be used; the message is the one-line reason shown to the user."""


@dataclass
class RawDoc:
    text: str
    source_path: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: date | None = None
    published_inferred: bool = False
    published_basis: str | None = None
    published_granularity: str = "day"  # 'year' when only the year could be inferred (published = 1 January)
    outlet_basis: str | None = None
    credits: list[str] = field(default_factory=list)


@dataclass
class Skip:
    source_path: str
    reason: str


DEFAULT_MAX_BYTES = 5_000_000
MIN_CHARS = 20  # shorter than a headline: nothing to extract


def normalise(text: str) -> str:
    """The form whose hash is a document's identity: Unicode NFKC, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def doc_id(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def clean_text(text: str) -> str:
    """Text as stored (offsets point into this): newlines unified, BOM and NULs removed, outer space trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "").strip()


def decode(data: bytes, path: str) -> str:
    """Bytes to text, refusing binary files and undecodable bytes with a clear reason."""
    if not data.strip():
        raise IngestError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise IngestError(f"undecodable UTF-16 text ({e.reason})") from None
    sample = data[:8192]
    if b"\x00" in sample or _control_share(sample) > 0.1:
        raise IngestError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # a legacy encoding is accepted only when the decoded text reads as some language (coherence), not noise
    if best is None or best.chaos > 0.2 or best.coherence < 0.1:
        raise IngestError("undecodable text: not UTF-8 and no other encoding gives readable text")
    return str(best)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # tab, newline, form feed, CR are text


def _control_share(sample: bytes) -> float:
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return controls / max(len(sample), 1)


def check_text(doc: RawDoc) -> RawDoc:
    """Clean the text and refuse a document with nothing to read."""
    doc.text = clean_text(doc.text)
    if len(doc.text) < MIN_CHARS:
        raise IngestError("empty document: no usable text" if not doc.text else
                          f"document too short ({len(doc.text)} characters)")
    return doc


def check_date(doc: RawDoc, today: date | None = None) -> RawDoc:
    """Refuse a publication date in the future: it is wrong metadata, and every relative date would follow it."""
    today = today or date.today()
    if doc.published and doc.published > today + timedelta(days=1):
        raise IngestError(f"publication date {doc.published.isoformat()} is in the future")
    return doc


def parse_date(value: object) -> date | None:
    """A publication date from metadata (ISO string, datetime, date, or a common written form)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        raise IngestError(f"unreadable publication date {text!r}")
    return parsed.date()


def read_limited(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"file too large ({size:,} bytes > limit {max_bytes:,})")
    return path.read_bytes()

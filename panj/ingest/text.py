"""Plain text and Markdown, with optional YAML front matter (url, outlet, published, title, language)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import yaml

from panj.data import parse_yaml
from panj.ingest.base import IngestError, RawDoc, decode, parse_date, read_limited

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?", re.S)


def read_text(path: Path, max_bytes: int) -> Iterator[RawDoc]:
    text = decode(read_limited(path, max_bytes), str(path))
    yield from_string(text, str(path))


def from_string(text: str, source: str) -> RawDoc:
    meta: dict = {}
    m = FRONT_MATTER.match(text.replace("\r\n", "\n").lstrip("\ufeff"))
    if m:
        try:
            meta = parse_yaml(m.group(1)) or {}
        except yaml.YAMLError as e:
            raise IngestError(f"broken YAML front matter: {str(e).splitlines()[0]}") from None
        if not isinstance(meta, dict):
            raise IngestError("front matter is not a mapping of fields")
        text = text.replace("\r\n", "\n").lstrip("\ufeff")[m.end():]
    return RawDoc(
        text=text, source_path=source, url=_str(meta.get("url")), outlet=_str(meta.get("outlet")),
        title=_str(meta.get("title")), language=_str(meta.get("language")),
        published=parse_date(meta.get("published")),
        published_basis="front matter" if meta.get("published") else None,
        outlet_basis="front matter" if meta.get("outlet") else None,
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value).strip() or None

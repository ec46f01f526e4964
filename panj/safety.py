"""What untrusted article text may turn into in a page or a brief.

Why a module of its own: the dashboard (panj/web) and the briefs (panj/briefs) both render feed and article
fields, and a link there must never run script; the rule lives once, below both.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def safe_url(url: Any) -> str | None:
    """http(s) URLs only; `javascript:` and the like are not links (callers show them as plain text)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None

"""The brief as Markdown (with footnotes), self-contained HTML, or PDF (WeasyPrint, from that same HTML).

Why these rules: article text reaches every output, so HTML is rendered with autoescaping on (a hostile title
stays text) and links only for http(s) URLs; Markdown escapes the punctuation that would make markup or raw HTML
of it in the tool it is pasted into; the PDF is made from the HTML with a URL fetcher that refuses everything but
the embedded data: images, so no request leaves the machine.
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from panj.briefs.build import Brief
from panj.safety import safe_url

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSS = TEMPLATES / "brief.css"
FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")  # what makes markup, links or raw HTML inline




def md_escape(text: Any) -> str:
    """Text that Markdown shows as written: whitespace collapsed, markup punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text or "")).strip())


def md_url(url: Any) -> str:
    """A URL fit for an autolink <…>, or nothing."""
    u = safe_url(url)
    return u if u and not re.search(r"[\s<>]", u) else ""


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@lru_cache(maxsize=2)
def _env(html: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), keep_trailing_newline=True,
                      autoescape=select_autoescape(default=True, default_for_string=True) if html else False)
    env.filters.update(md=md_escape, mdurl=md_url, safe_url=safe_url, data_uri=data_uri)
    return env


def html_body(brief: Brief) -> Markup:
    """The brief as an HTML fragment (`<article class="brief">`), for the dashboard page and the document."""
    return Markup(_env(True).get_template("brief_body.html.j2").render(b=brief))


def to_html(brief: Brief) -> str:
    """A whole HTML document: styles inline, pictures as data: URIs, no script, nothing fetched."""
    return _env(True).get_template("brief.html.j2").render(b=brief, body=html_body(brief),
                                                          css=Markup(CSS.read_text(encoding="utf-8")))


def to_markdown(brief: Brief, images: dict[str, str | None] | None = None) -> str:
    """Markdown with footnotes; `images` names the trend and map files written beside it (None: no pictures)."""
    return _env(False).get_template("brief.md.j2").render(b=brief, images=images or {"trend": None, "map": None})


def to_pdf(brief: Brief) -> bytes:
    """The HTML document laid out by WeasyPrint (pages A4)."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except ImportError as exc:  # an installation without it still writes HTML and Markdown
        raise RuntimeError("PDF needs WeasyPrint (pip install -c constraints.txt weasyprint)") from exc
    # the embedded data: images only: a brief fetches nothing
    return HTML(string=to_html(brief), url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def write(brief: Brief, path: Path) -> list[Path]:
    """Write the brief in the format its suffix names; returns the files written (Markdown: with its PNGs)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"write the brief to a .md, .html or .pdf file, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(to_html(brief), encoding="utf-8")
        return [path]
    if fmt == "pdf":
        path.write_bytes(to_pdf(brief))
        return [path]
    written, images = [], {}
    for name, png in (("trend", brief.trend_png), ("map", brief.map_png)):
        images[name] = None
        if png:
            image = path.with_name(f"{path.stem}-{name}.png")
            image.write_bytes(png)
            images[name] = image.name
            written.append(image)
    path.write_text(to_markdown(brief, images), encoding="utf-8")
    return [path, *written]

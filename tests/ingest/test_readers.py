"""Each reader on small inputs written here, and each way a source can be unusable."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from panj.ingest import read_source
from panj.ingest.base import RawDoc, Skip, doc_id

ARTICLE = ("Tajik border guards said on Monday that they had reinforced posts along the Panj River after "
           "shots were heard near the crossing at Panji Poyon.")


def one(path: Path) -> RawDoc | Skip:
    items = list(read_source(path))
    assert len(items) == 1, items
    return items[0]


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Posts reinforced\noutlet: Sample Wire\nurl: https://example.org/a\n"
                 "published: 2022-05-09\nlanguage: en\n---\n" + ARTICLE, encoding="utf-8")
    doc = one(p)
    assert isinstance(doc, RawDoc)
    assert (doc.outlet, doc.title, doc.url, doc.language) == ("Sample Wire", "Posts reinforced",
                                                              "https://example.org/a", "en")
    assert doc.published.isoformat() == "2022-05-09"
    assert doc.text.strip() == ARTICLE


def test_broken_front_matter_is_skipped(tmp_path):
    p = tmp_path / "b.md"
    p.write_text("---\ntitle: [unclosed\n---\n" + ARTICLE, encoding="utf-8")
    item = one(p)
    assert isinstance(item, Skip) and "front matter" in item.reason


def test_binary_and_empty_and_unsupported(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    reasons = {Path(s.source_path).name: s.reason for s in
               (one(tmp_path / n) for n in ("img.txt", "empty.txt", "x.pdf"))}
    assert "binary" in reasons["img.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "unsupported" in reasons["x.pdf"]


def test_legacy_encoding_is_decoded(tmp_path):
    p = tmp_path / "cp.txt"
    p.write_bytes(("Le président a déclaré que les gardes-frontières étaient prêts à réagir. " * 3).encode("cp1252"))
    doc = one(p)
    assert isinstance(doc, RawDoc) and "président" in doc.text


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(ARTICLE * 100, encoding="utf-8")
    items = list(read_source(p, max_bytes=1000))
    assert isinstance(items[0], Skip) and "too large" in items[0].reason


def test_html_main_text_without_boilerplate(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(f"""<html><head><title>Border news</title>
      <meta property="article:published_time" content="2022-05-10"></head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
      <article><h1>Posts reinforced</h1><p>{ARTICLE}</p>
      <p>Officials added that the situation on the border remained calm and under control.</p></article>
      <footer>Copyright Sample Wire. All rights reserved. Cookie policy.</footer></body></html>""",
                 encoding="utf-8")
    doc = one(p)
    assert isinstance(doc, RawDoc)
    assert "Panj River" in doc.text and "Cookie policy" not in doc.text and "Subscribe" not in doc.text
    assert doc.published.isoformat() == "2022-05-10"


def test_broken_html(tmp_path):
    p = tmp_path / "broken.html"
    p.write_text("<html><body><div><script>var x = 1;</script></div>", encoding="utf-8")
    item = one(p)
    assert isinstance(item, Skip) and "HTML" in item.reason


def test_jsonl_lines_and_bad_line(tmp_path):
    p = tmp_path / "docs.jsonl"
    good = {"text": ARTICLE, "url": "https://example.org/1", "outlet": "Sample Wire", "published": "2022-05-09",
            "title": "t"}
    p.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"url": "x"}) + "\n", encoding="utf-8")
    items = list(read_source(p))
    assert isinstance(items[0], RawDoc) and items[0].outlet == "Sample Wire"
    assert [type(i).__name__ for i in items[1:]] == ["Skip", "Skip"]
    assert items[1].source_path.endswith(":2") and "JSON" in items[1].reason


def test_rss_feed_entries(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Sample Wire</title>
      <item><title>Posts reinforced</title><link>https://example.org/1</link>
      <pubDate>Mon, 09 May 2022 10:00:00 GMT</pubDate><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
      <item><title>Second</title><link>https://example.org/2</link>
      <pubDate>Tue, 10 May 2022 10:00:00 GMT</pubDate><description>Talks between the two delegations were held in Dushanbe on Tuesday.</description></item>
      </channel></rss>""", encoding="utf-8")
    items = list(read_source(p))
    assert len(items) == 2 and all(isinstance(i, RawDoc) for i in items)
    assert items[0].outlet == "Sample Wire" and items[0].published.isoformat() == "2022-05-09"
    assert "Panj River" in items[0].text


def test_broken_feed(tmp_path):
    p = tmp_path / "broken.xml"
    p.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    item = one(p)
    assert isinstance(item, Skip) and "feed" in item.reason


def test_warc_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "crawl.warc.gz"
    with p.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        html = f"<html><head><title>Posts</title></head><body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://example.org/a", "response",
                                           payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(record)
    items = list(read_source(p))
    assert len(items) == 1 and isinstance(items[0], RawDoc)
    assert items[0].url == "https://example.org/a" and "Panji Poyon" in items[0].text


def test_identity_ignores_whitespace_and_unicode_forms():
    assert doc_id("Tajik  border\nguards") == doc_id("Tajik border guards ")
    assert doc_id("ﬁre") == doc_id("fire")  # NFKC
    assert doc_id("Tajik border guards") != doc_id("Uzbek border guards")

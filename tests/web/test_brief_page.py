"""The dashboard's Brief page and its downloads (over the hand-built web store of conftest.py)."""
from __future__ import annotations

MAY = "dyad=TJK:AFG&date_from=2022-05-02&date_to=2022-05-15"


def test_brief_page_renders_the_brief_for_the_filter(client):
    r = client.get(f"/brief?{MAY}&type=ASSAULT")
    assert r.status_code == 200
    html = r.text
    assert '<article class="brief">' in html and "Situation brief: TJK – AFG" in html
    assert 'id="nav-brief"' in html and 'href="/brief/brief.css"' in html
    assert "a brief does not apply the type filter" in html
    # the ISKP rockets, a disputed event: both sides, hedged, footnoted to both stored documents
    assert "According to Islamic State – Khorasan Province" in html and "Taliban denied it." in html
    assert 'data-doc="doc_a"' in html and 'data-doc="doc_b"' in html
    assert 'src="data:image/png;base64,' in html
    for fmt in ("html", "pdf", "md"):
        assert f'href="/brief/download?format={fmt}&amp;date_from=2022-05-02&amp;date_to=2022-05-15' in html


def test_brief_downloads(client):
    r = client.get(f"/brief/download?format=html&{MAY}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'filename="panj-brief-2022-05-02-2022-05-15.html"' in r.headers["content-disposition"]
    assert "<style>" in r.text and "<script" not in r.text
    md = client.get(f"/brief/download?format=md&{MAY}").text
    assert md.startswith("# Situation brief: TJK – AFG") and "](data:image/png;base64," in md
    assert client.get("/brief/brief.css").headers["content-type"].startswith("text/css")
    assert client.get("/brief?date_from=2022-05-20&date_to=2022-05-01").status_code == 400
    assert client.get("/brief/download?format=docx").status_code == 422


def test_brief_page_escapes_article_text(client):
    html = client.get("/brief?date_from=2023-01-10&date_to=2023-01-20&min_confidence=0").text
    assert "Taliban" in html and "doc_x" in html  # the hostile document is cited ...
    assert "<script>window" not in html and "<img src=x" not in html and 'href="javascript:' not in html  # ... inert

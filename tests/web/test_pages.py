"""Server-rendered pages: content, highlighting, and article text always escaped."""
from __future__ import annotations

from panj.web.render import safe_url, segments


def test_segments_cut_at_every_boundary_and_keep_overlaps():
    text = "Militants fired rockets at the post."
    spans = [{"kind": "sentence", "start": 10, "end": 46}, {"kind": "trigger", "start": 20, "end": 25}]
    segs = segments(text, spans, offset=10)
    assert "".join(s["text"] for s in segs) == text
    assert [(s["text"], s["kinds"]) for s in segs] == [
        ("Militants ", ["sentence"]), ("fired", ["sentence", "trigger"]), (" rockets at the post.", ["sentence"])]
    assert segments("abc", [{"kind": "x", "start": 50, "end": 60}]) == [
        {"text": "abc", "kinds": [], "titles": [], "event_id": None}]


def test_only_web_links_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url(None) is None


def test_event_page_shows_mentions_claims_sources_rules(client):
    html = client.get("/event/evt_assault").text
    assert '<mark class="hl-sentence hl-trigger "' in html  # the trigger inside its highlighted sentence
    assert "Taliban officials denied that any rockets were fired" in html
    assert 'class="stance-denies"' in html and 'class="stance-claims"' in html
    assert 'href="https://example.org/ledger/1"' in html and "lex.assault.strike" in html
    assert "none" in html.split("Related events")[1]  # no other event shares its participants or documents
    related = client.get("/event/evt_agree").text.split("Related events")[1]
    assert 'href="/event/evt_mobilize"' in related


def test_hostile_text_is_escaped_everywhere(client):
    for url in ("/document/doc_x", "/event/evt_accuse", "/documents", "/actor/taliban"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
    doc = client.get("/document/doc_x").text
    assert "&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;" in doc
    assert "javascript:alert(1)" in doc  # the stored URL is shown, as text
    assert "&lt;script&gt;window.__xss_title=1&lt;/script&gt;" in doc
    assert "Hostile &lt;b&gt;Outlet&lt;/b&gt;" in doc


def test_actor_data_island_cannot_close_its_script(client):
    html = client.get("/actor/taliban").text
    island = html.split('id="actor-data">')[1].split("</script>")[0]
    assert "<" not in island  # tojson writes < as \u003c


def test_missing_things_are_404_pages(client):
    for url in ("/event/nope", "/document/nope", "/actor/nobody"):
        r = client.get(url)
        assert r.status_code == 404 and "No such" in r.text


def test_overview_keeps_filter_in_the_form(client):
    html = client.get("/?type=ASSAULT&q=%3Cscript%3E").text
    assert '<option value="ASSAULT" selected>' in html
    assert 'value="&lt;script&gt;"' in html


def test_an_events_date_says_how_it_was_found():
    from panj.web.render import date_label

    plain = {"start": "2022-05-07", "end": "2022-05-07", "granularity": "day", "basis": "text"}
    assert date_label(plain, notes=True) == "2022-05-07 (day)"
    stand_in = plain | {"basis": "inferred-publication", "publication_inferred": True}
    assert date_label(stand_in, notes=True) == "2022-05-07 (day; the inferred publication date stands in)"
    assert date_label(stand_in) == "2022-05-07 (day)"  # tables stay short
    relative = plain | {"publication_inferred": True}
    assert "resolved against an inferred publication date" in date_label(relative, notes=True)

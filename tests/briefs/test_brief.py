"""The situation brief: footnotes that resolve, wording that follows status, both sides quoted, empty periods
said plainly, article text inert, and the three outputs."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from brief_store import ALERT_ID, DOCS, EVENTS, HOSTILE
from typer.testing import CliRunner

from panj.briefs import Options, build_brief
from panj.briefs.render import to_html, to_markdown, write
from panj.briefs.sentences import clause, event_sentence, is_hedged
from panj.store import Store

MAY = Options(dyad="TJK:AFG", since=date(2022, 5, 6), until=date(2022, 5, 12))
BY_ID = {e["id"]: e for e in EVENTS}


@pytest.fixture(scope="module")
def brief(brief_store):
    with Store(brief_store, read_only=True) as store:
        return build_brief(store, MAY, db_label="brief.duckdb")


def lines(b):
    yield from b.headline
    yield from b.key_events
    for d in b.disputes:
        yield d.line
    for a in b.alerts:
        yield from a.lines


def test_every_footnote_resolves_to_a_stored_document(brief, brief_store):
    assert brief.notes and all(n.found for n in brief.notes)
    with Store(brief_store, read_only=True) as store:
        stored = {r[0]: r[1] for r in store.con.execute("SELECT id, text FROM documents").fetchall()}
    md = to_markdown(brief)
    refs = set(map(int, re.findall(r"\[\^(\d+)\](?!:)", md)))
    defined = dict(re.findall(r"^\[\^(\d+)\]: .*?Stored document `(\w+)`", md, flags=re.M | re.I))
    assert refs == {int(n) for n in defined} == {n.n for n in brief.notes}
    assert set(defined.values()) <= set(stored)
    html = to_html(brief)
    for n in brief.notes:
        assert f'href="#fn-{n.n}"' in html and f'<li id="fn-{n.n}" data-doc="{n.doc_id}">' in html
    for line in lines(brief):  # every statement about an event cites each of its sources
        if line.event_id:
            docs = {s["doc_id"] for s in BY_ID[line.event_id]["sources"]}
            assert {brief.notes[i - 1].doc_id for i in line.notes} == docs, line.text
    for d in brief.disputes:  # a quote's note points at the very words quoted
        for q in d.supporting + d.denying:
            note = brief.notes[q.note - 1]
            assert stored[note.doc_id][note.start:note.end].strip() == q.text


def test_no_sentence_asserts_what_is_only_claimed_alleged_disputed_or_denied(brief):
    hedged = {e["id"] for e in EVENTS if e["status"] in ("claimed", "alleged", "disputed", "denied")}
    seen = set()
    for line in lines(brief):
        if line.event_id in hedged:
            seen.add(line.event_id)
            assert is_hedged(line.text), line.text
    assert seen == hedged - {"e_low"}
    md = to_markdown(brief)
    for eid in hedged:
        bare = clause(BY_ID[eid])
        assert re.search(r"(^|\. |: )" + re.escape(bare[:1].upper() + bare[1:]), md) is None, eid  # never opens a sentence
    assert event_sentence(BY_ID["e_disputed"]) == (
        "According to Northern Front, Northern Front attacked Tajik Border Troops in Panj on 7 May 2022; Tajik Border "
        "Troops denied it.")
    assert event_sentence(BY_ID["e_denied"]).startswith("Tajik Border Troops denied reports that Afghan forces")
    assert event_sentence(BY_ID["e_alleged"]).startswith("Reportedly, Afghan forces")
    assert event_sentence(BY_ID["e_claimed"]).startswith("According to Northern Front, Northern Front threatened")
    assert event_sentence(BY_ID["e_prev"]).startswith("Tajikistan and Afghanistan met")


def test_headline_ranking_disputes_alerts_and_coverage(brief):
    head = " ".join(line.text for line in brief.headline)
    # e_low is below the threshold; e_prev lies in the week before; the Northern Front (AFG-based) counts for AFG
    assert "holds 4 events on TJK – AFG (3 material conflict, 1 verbal conflict), against 1 in the previous 7 days " \
           "(1 verbal cooperation)" in head
    assert "1 alert is open for the period: surge in conflict on AFG:TJK (week of 2022-05-09)" in head
    assert "Most sourced (2 independent sources): According to Northern Front" in head
    assert [line.event_id for line in brief.key_events] == ["e_disputed", "e_denied", "e_alleged", "e_claimed"]
    assert [d.line.event_id for d in brief.disputes] == ["e_disputed", "e_denied"]
    d = brief.disputes[0]
    assert [(q.who, q.stance) for q in d.supporting] == [("Northern Front", "claims")]
    assert [(q.who, q.stance) for q in d.denying] == [("Tajik Border Troops", "denies")]
    assert [a.kind for a in brief.alerts] == ["surge"]
    assert [line.event_id for line in brief.alerts[0].lines] == ["e_alleged", "e_denied"]
    cover = " ".join(line.text for line in brief.coverage)
    assert "Documents read: 3 published in the period, from 3 outlets; 0 of them near-copies" in cover
    assert "Left out: 1 event below the confidence threshold of 0.5" in cover
    assert brief.left_out_command == ("panj --db brief.duckdb brief --dyad TJK:AFG --since 2022-05-06 "
                                      "--until 2022-05-12 --left-out")
    assert brief.trend_png.startswith(b"\x89PNG") and brief.map_png.startswith(b"\x89PNG")


def test_an_empty_period_says_so(brief_store):
    with Store(brief_store, read_only=True) as store:
        b = build_brief(store, Options(dyad="TJK:AFG", since=date(2023, 1, 1), until=date(2023, 1, 7)))
    assert b.empty and not b.key_events and not b.disputes and b.map_png is None
    assert b.headline[0].text.startswith("No events on TJK – AFG are on record between 1 January 2023 and "
                                         "7 January 2023 at or above the confidence threshold of 0.5")
    assert "No events in this period." in to_markdown(b)
    assert "No events in this period." in to_html(b)


def test_default_period_is_the_week_to_the_newest_document(brief_store):
    with Store(brief_store, read_only=True) as store:
        b = build_brief(store, Options())
    assert (b.since, b.until) == (date(2022, 5, 4), date(2022, 5, 10))
    assert b.scope == "all events"


def test_article_text_is_inert_in_html_and_markdown(brief):
    assert any(n.title == HOSTILE for n in brief.notes)
    html = to_html(brief)
    assert "<script" not in html and "<img src=x" not in html and "<b>Outlet" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert not re.search(r'src="(?!data:image/png;base64,)', html) and "<link" not in html  # nothing is fetched
    md = to_markdown(brief)
    assert "<script>" not in md and r"\<script\>" in md and r"\[^9\]" in md and "javascript:" not in md


def test_html_links_only_web_urls(brief):
    html = to_html(brief)
    links = re.findall(r'<a href="([^"#][^"]*)"', html)
    assert links and all(u.startswith("https://") for u in links)


def test_command_writes_markdown_html_and_lists_what_was_left_out(brief_store, tmp_path):
    from panj.cli import app

    db = tmp_path / "b.duckdb"
    shutil.copy(brief_store, db)
    args = ["--db", str(db), "brief", "--dyad", "TJK:AFG", "--since", "2022-05-06", "--until", "2022-05-12"]
    runner = CliRunner()
    res = runner.invoke(app, args + ["-o", str(tmp_path / "out" / "b.md")])
    assert res.exit_code == 0, res.output
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"b.md", "b-trend.png", "b-map.png"}
    assert "](b-trend.png)" in (tmp_path / "out" / "b.md").read_text(encoding="utf-8")
    res = runner.invoke(app, args + ["--left-out"])
    assert res.exit_code == 0 and "e_low" in res.output and "e_disputed" not in res.output
    res = runner.invoke(app, args + ["--min-confidence", "0.1", "-o", str(tmp_path / "b.html")])
    assert res.exit_code == 0
    assert "Left out: 0 events" in (tmp_path / "b.html").read_text(encoding="utf-8")
    res = runner.invoke(app, args + ["-o", str(tmp_path / "b.docx")])
    assert res.exit_code != 0 and ".md, .html or .pdf" in res.output
    res = runner.invoke(app, ["--db", str(db), "brief", "--since", "2022-05-20", "--until", "2022-05-01", "-o",
                              str(tmp_path / "x.md")])
    assert res.exit_code == 2 and "starts (2022-05-20) after it ends" in res.output


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed (make browser)")
def test_pdf_renders_to_pages(brief, tmp_path):
    pytest.importorskip("weasyprint")
    pdf = tmp_path / "brief.pdf"
    write(brief, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 1000 for p in pages)

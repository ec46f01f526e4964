"""End to end in real headless Chromium (Debian's /usr/bin/chromium driven by Python playwright).

Each test saves a screenshot of its page under test-artifacts/screenshots/. The tests skip, saying why, where
Chromium or playwright is missing; `make test` installs both.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browser_support import live_server, missing, shot

if missing():
    pytest.skip(missing(), allow_module_level=True)
from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def server(web_store, tmp_path_factory):
    with live_server(web_store, tmp_path_factory.mktemp("browser")) as url:
        yield url


def test_overview_loads_map_timeline_and_filters_by_type(page, server):
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    # three of the four events have coordinates, at two places (one circle each): Khatlon's circle holds two
    assert page.locator("#map circle.event").count() == 2
    assert page.locator("#map circle.event[data-events='2']").count() == 1
    assert page.locator("#map circle.event.disputed").count() == 1
    assert "3 of 4 events have coordinates, at 2 places" in page.locator("#located").inner_text()
    assert page.locator("#map path.land").count() > 100  # Natural Earth countries, served by panj
    assert page.locator("#timeline rect.bar").count() == 3  # 2021-08 (two events), 2022-05, 2023-01
    assert page.locator("#event-rows tr").count() == 4
    assert page.locator("#tension svg").count() == 1
    shot(page, "overview")

    page.locator("[data-facet='type'] button[data-value='ASSAULT']").click()
    expect(page.locator("#event-rows tr")).to_have_count(1)
    assert "type=ASSAULT" in page.url
    assert page.locator("#event-rows tr").first.get_attribute("data-type") == "ASSAULT"
    assert page.locator("#map circle.event").count() == 1
    assert page.locator("#total").inner_text().startswith("1 ")
    assert "type=ASSAULT" in page.locator("#export-csv").get_attribute("href")
    shot(page, "overview-assault")

    page.goto(server + "/")  # brushing the timeline filters every view by date
    page.wait_for_selector("body[data-ready='1']")
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.45, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**date_from=*")
    page.wait_for_selector("body[data-ready='1']")
    query = page.url.split("?", 1)[1]
    expected = page.request.get(f"{server}/api/events?{query}").json()["total"]
    assert 0 < expected < 4
    expect(page.locator("#total")).to_have_text(f"{expected} events match")
    expect(page.locator("#event-rows tr")).to_have_count(expected)
    expect(page.locator("#map circle.event")).to_have_count(page.request.get(f"{server}/api/map?{query}").json()["places"])
    shot(page, "overview-brushed")

    page.goto(server + "/?type=ASSAULT")  # the filter lives in the URL
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#event-rows tr").count() == 1
    assert page.locator("#f-type").input_value() == "ASSAULT"
    assert page.problems == []


def test_open_event_shows_highlighted_sentence_claims_and_rules(page, server):
    page.goto(server + "/?type=ASSAULT")
    page.wait_for_selector("body[data-ready='1']")
    page.locator("#event-rows a").first.click()
    page.wait_for_url("**/event/evt_assault")
    marks = page.locator("blockquote.context mark.hl-sentence")
    assert marks.count() >= 2  # one per mention (split where the trigger sits inside the sentence)
    sentence = page.locator("article.mention").first.locator("blockquote").inner_text()
    assert "Militants fired eight rockets at a Tajik border post" in sentence
    assert page.locator("mark.hl-trigger").first.inner_text() == "fired"
    assert page.locator("table.claims tr.stance-denies").count() == 1
    assert "lex.assault.fire" in page.locator("ul.rules").inner_text()
    assert page.locator("ul.sources a[href='https://example.net/wire/77']").count() == 1
    shot(page, "event")
    assert page.problems == []


def test_export_csv_of_the_current_filter(page, server):
    page.goto(server + "/?status=planned")
    page.wait_for_selector("body[data-ready='1']")
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["event_id"] for r in rows] == ["evt_mobilize"]
    assert rows[0]["status"] == "planned" and rows[0]["location"] == "Khatlon"
    shot(page, "overview-planned")
    assert page.problems == []


def test_hostile_document_is_shown_as_text(page, server):
    page.goto(server + "/document/doc_x")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[window.__xss, window.__xss_title, window.__xss_summary]") == [None, None, None]
    assert page.locator("#doc-text img").count() == 0 and page.locator("#doc-text script").count() == 0
    body = page.locator("#doc-text").inner_text()
    assert '<img src=x onerror="window.__xss=1">' in body and "<script>window.__xss=2</script>" in body
    assert page.locator("h1.doc-title").inner_text().startswith("<script>")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("#doc-text mark.hl-actor").count() == 1 and page.locator("#doc-text mark.hl-event").count() == 1
    shot(page, "document-hostile")

    page.goto(server + "/event/evt_accuse")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[window.__xss, window.__xss_title, window.__xss_summary]") == [None, None, None]
    assert "<script>window.__xss_summary=1</script>" in page.locator("h1").inner_text()
    shot(page, "event-hostile")

    page.goto(server + "/?q=sheltering")  # the overview's script writes the same text with textContent
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("[window.__xss, window.__xss_title, window.__xss_summary]") == [None, None, None]
    assert "<script>" in page.locator("#event-rows").inner_text()
    assert page.problems == []


def test_actor_page_draws_timeline_and_network(page, server):
    page.goto(server + "/actor/tjk")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#actor-timeline rect").count() >= 2
    edges = page.evaluate("window.panjNetwork.edges().map(e => [e.data('target'), e.data('kind')]).sort()")
    assert ["rus", "cooperation"] in edges and ["taliban", "conflict"] in edges
    page.wait_for_timeout(300)  # let the canvas paint before the screenshot
    shot(page, "actor")
    assert page.problems == []

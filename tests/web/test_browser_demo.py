"""The overview, an event and an export in headless Chromium on the demo store that `make demo` builds.

Where no demo store exists (plain `pytest` without `make demo`) the test skips, saying so; CI builds it first.
The store is found at $PANJ_DEMO_DB, else ./demo.duckdb; it is copied, never opened in place.
"""
from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path

import pytest
from browser_support import ROOT, live_server, missing, shot

if missing():
    pytest.skip(missing(), allow_module_level=True)
DEMO = Path(os.environ.get("PANJ_DEMO_DB") or ROOT / "demo.duckdb")
if not DEMO.exists():
    pytest.skip(f"no demo store at {DEMO} (run `make demo` first)", allow_module_level=True)
from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(DEMO, tmp_path_factory.mktemp("demo")) as url:
        yield url


def test_demo_overview_filter_event_and_export(page, server):
    api = page.request
    total = api.get(server + "/api/events?limit=1").json()["total"]
    places = api.get(server + "/api/map").json()["places"]
    assert total > 0, "the demo store has no events"

    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#total").inner_text() == f"{total} events match"
    assert page.locator("#map circle.event").count() == places
    shot(page, "demo-overview")

    types = Counter(r["event_type"] for r in api.get(server + "/api/events?limit=1000").json()["items"])
    top, n = types.most_common(1)[0]
    page.locator(f"[data-facet='type'] button[data-value='{top}']").click()
    expect(page.locator("#total")).to_have_text(f"{n} events match")
    assert f"type={top}" in page.url
    rows = page.locator("#event-rows tr")
    expect(rows).to_have_count(min(n, 50))  # the list pages by 50
    assert {rows.nth(i).get_attribute("data-type") for i in range(rows.count())} == {top}
    shot(page, "demo-overview-filtered")

    with page.expect_download() as info:
        page.locator("#export-csv").click()
    exported = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(exported) == n and {r["event_type"] for r in exported} == {top}

    page.locator("#event-rows a").first.click()
    page.wait_for_url("**/event/*")
    event_id = page.url.rsplit("/", 1)[1]
    record = api.get(f"{server}/api/events/{event_id}").json()["event"]
    first = page.locator("article.mention").first.locator("mark.hl-sentence")
    shown = "".join(first.nth(i).inner_text() for i in range(first.count()))
    assert " ".join(shown.split()) == " ".join(record["mentions"][0]["sentence"].split())
    shot(page, "demo-event")
    assert page.problems == []

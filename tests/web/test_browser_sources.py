"""The Sources page in headless Chromium, over the state a real watch poll left: a feed polled twice (the second
answered 304), one that times out, one that fails with 500, one with broken XML, and a folder. Saves
test-artifacts/screenshots/sources.png."""
from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
from browser_support import live_server, missing, shot

if missing():
    pytest.skip(missing(), allow_module_level=True)

from feed_server import FAST, STORIES, FeedServer, rss  # noqa: E402

from panj.store import Store  # noqa: E402
from panj.watch.poll import Watcher  # noqa: E402

TITLE = "<script>window.__xss_feed=1</script>Valley Courier"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("sources")
    feeds = FeedServer()
    folder = work / "inbox"
    folder.mkdir()
    demo = Path(str(resources.files("panj.data").joinpath("demo")))
    (folder / "note.md").write_text(next(demo.glob("2021-06-23*.md")).read_text("utf-8"), "utf-8")
    sources = [feeds.feed("/valley.rss", rss(TITLE, [(t, f"{feeds.url}/s/{n}", d, x)
                                                    for n, (t, d, x) in enumerate(STORIES)]), etag='"v1"'),
               feeds.slow("/slow.rss", 2.0), feeds.status("/down.rss", 500), feeds.raw("/broken.rss", b"<<not xml"),
               str(folder)]
    try:
        with Store(work / "w.duckdb") as store:
            watcher = Watcher(store, sources, replace(FAST, timeout=0.3, retries=1))
            watcher.poll()
            watcher.poll()
    finally:
        feeds.close()
    with live_server(work / "w.duckdb", work) as url:
        yield url


def test_sources_page(page, server):
    page.goto(server + "/sources")
    rows = page.locator("table.sources-table tbody tr")
    assert rows.count() == 5
    feed = page.locator("tr.source", has_text="valley.rss")
    assert feed.locator(".source-title").inner_text() == TITLE  # shown as text, never run
    assert "not modified" in feed.locator("td.status").inner_text()
    failing = page.locator("tr.source.error")
    assert failing.count() == 3
    errors = " ".join(failing.locator("td.error").all_inner_texts())
    assert "timed out" in errors and "HTTP 500" in errors and "broken or empty feed" in errors
    assert "(2 in a row)" in page.locator("tr.source", has_text="down.rss").inner_text()
    assert page.evaluate("typeof window.__xss_feed") == "undefined"
    page.locator("header nav a", has_text="Sources").click()
    page.wait_for_url("**/sources")
    shot(page, "sources")
    assert not page.problems, page.problems

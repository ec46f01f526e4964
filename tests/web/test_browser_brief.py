"""The Brief page in headless Chromium: reached from the overview with its filter, pictures shown, nothing
fetched from elsewhere, no policy violation, the HTML download self-contained."""
from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import live_server, missing, shot

if missing():
    pytest.skip(missing(), allow_module_level=True)


@pytest.fixture(scope="module")
def server(web_store, tmp_path_factory):
    with live_server(web_store, tmp_path_factory.mktemp("brief")) as url:
        yield url


def test_brief_page_opens_from_the_overview(page, server):
    page.goto(server + "/?date_from=2022-05-02&date_to=2022-05-15&dyad=TJK:AFG")
    page.wait_for_selector("body[data-ready='1']")
    page.locator("#nav-brief").click()
    page.wait_for_url("**/brief?*")
    assert "date_from=2022-05-02" in page.url and "dyad=TJK" in page.url
    assert page.locator("article.brief h1").inner_text() == "Situation brief: TJK – AFG"
    assert page.locator("article.brief .key-events li").count() == 1
    assert page.locator("article.brief .dispute blockquote").count() == 2  # the claim and the denial
    images = page.locator("article.brief figure img")
    assert images.count() == 2
    assert all(images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(2))
    # the brief's styles apply (served by panj; inline styles would break the page's policy)
    assert page.locator("article.brief").evaluate("a => getComputedStyle(a).maxWidth") != "none"
    page.locator("article.brief sup.fn a").first.click()
    assert page.url.endswith("#fn-1")
    shot(page, "brief")
    with page.expect_download() as info:
        page.locator("#brief-html").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'src="data:image/png;base64,' in html
    assert page.problems == []
    # let the dashboard's idle reader close the store (1 s after the last request) before the test process ends:
    # a DuckDB close in a daemon thread during interpreter shutdown aborts the process
    page.wait_for_timeout(1500)

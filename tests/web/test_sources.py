"""The Sources page: each watched source's state, every value escaped (feed titles and errors come from the
network)."""
from __future__ import annotations

from fastapi.testclient import TestClient

from panj.store import Store
from panj.watch.state import Outcome, record
from panj.web.app import create_app

HOSTILE_TITLE = '<script>window.__xss_feed=1</script>Valley "Courier"'
HOSTILE_ERROR = "broken or empty feed: <img src=x onerror=alert(1)>"


def sources_store(path) -> None:
    with Store(path) as store:
        record(store, Outcome("https://feeds.example.org/valley.rss", "feed", "ok", seen=12, new=5,
                              title=HOSTILE_TITLE, etag='"v1"'), [("https://feeds.example.org/a/1",
                                                                   "https://feeds.example.org/valley.rss", None)])
        record(store, Outcome("https://feeds.example.org/valley.rss", "feed", "not modified"))
        record(store, Outcome("http://127.0.0.1:9/broken.rss", "feed", "error", error=HOSTILE_ERROR))
        record(store, Outcome("http://127.0.0.1:9/broken.rss", "feed", "error", error=HOSTILE_ERROR))
        record(store, Outcome("javascript:alert(1)//folder", "folder", "ok", seen=3, new=3))


def test_sources_page_lists_state_and_escapes_everything(tmp_path):
    path = tmp_path / "s.duckdb"
    sources_store(path)
    with TestClient(create_app(path, token="t")) as client:
        response = client.get("/sources")
    assert response.status_code == 200
    html = response.text
    assert "<script>window.__xss_feed" not in html and "&lt;script&gt;window.__xss_feed=1&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="https://feeds.example.org/valley.rss"' in html
    assert 'href="javascript:' not in html and "<code>javascript:alert(1)//folder</code>" in html
    assert "not modified" in html and "(2 in a row)" in html and "1 failing" in html
    assert '<a href="/sources">Sources</a>' in html  # in the navigation of every page
    assert "Content-Security-Policy" in response.headers


def test_sources_page_without_sources(client):
    html = client.get("/sources").text
    assert "No sources yet" in html

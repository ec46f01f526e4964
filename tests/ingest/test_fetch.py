"""HTTP for feeds and pages against a local server: conditional GET, retries with backoff, timeouts, limits, and
the polite gap between two requests to one host."""
from __future__ import annotations

from dataclasses import replace

import pytest
from feed_server import FAST, FeedServer, rss

from panj.ingest.fetch import Fetcher, FetchError, FetchPolicy


@pytest.fixture()
def server():
    s = FeedServer()
    yield s
    s.close()


def test_conditional_get_answers_not_modified(server):
    url = server.feed("/f.rss", rss("Wire", [("A", "http://x/1", "2022-05-08", "Some text of the item.")]), '"v1"')
    first = Fetcher(FAST).get(url)
    assert first.status == 200 and first.etag == '"v1"' and b"<rss" in first.body
    again = Fetcher(FAST).get(url, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert [h[1] for h in server.hits("/f.rss")] == [None, '"v1"']


def test_server_error_is_retried_then_reported(server):
    url = server.status("/down.rss", 500)
    with pytest.raises(FetchError, match=r"HTTP 500 .*after 2 retries"):
        Fetcher(FAST).get(url)
    assert len(server.hits("/down.rss")) == 3  # the first try and two retries


def test_client_error_is_not_retried(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        Fetcher(FAST).get(server.url + "/missing")
    assert len(server.hits("/missing")) == 1


def test_timeout(server):
    url = server.slow("/slow.rss", 3.0)
    with pytest.raises(FetchError, match="timed out"):
        Fetcher(replace(FAST, timeout=0.2, retries=1)).get(url)
    assert len(server.hits("/slow.rss")) == 2


def test_connection_refused_is_one_line(server):
    url = server.url + "/x"
    server.close()
    with pytest.raises(FetchError) as err:
        Fetcher(replace(FAST, retries=0)).get(url)
    assert "\n" not in str(err.value) and "connection" in str(err.value).lower()


def test_size_limit(server):
    url = server.page("/big.html", "x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        Fetcher(replace(FAST, max_bytes=1000)).get(url)


def test_polite_gap_between_requests_to_one_host(server):
    a, b = server.page("/a.html", "<p>a</p>"), server.page("/b.html", "<p>b</p>")
    fetcher = Fetcher(replace(FAST, host_delay=0.3))
    fetcher.get(a)
    fetcher.get(b)
    (_, _, t1), (_, _, t2) = server.hits("/a.html")[0], server.hits("/b.html")[0]
    assert t2 - t1 >= 0.3


def test_policy_from_ingest_yaml_with_overrides():
    policy = FetchPolicy.configured(host_delay=0.5, timeout=None)
    assert policy.host_delay == 0.5 and policy.timeout > 0 and policy.retries >= 1 and "panj" in policy.user_agent


def test_ingest_reads_a_feed_url_through_the_fetcher(server):
    from panj.ingest import read_source
    from panj.ingest.base import RawDoc, Skip

    url = server.feed("/f.rss", rss("Wire", [("A", "http://x/1", "2022-05-08", "Some text of the item, long enough.")]))
    (doc,) = list(read_source(url))
    assert isinstance(doc, RawDoc) and doc.outlet == "Wire" and doc.source_path == url + "#1"
    assert server.log[-1][0] == "/f.rss"
    (skip,) = list(read_source(server.url + "/gone.rss"))
    assert isinstance(skip, Skip) and skip.reason == "HTTP 404 Not Found"

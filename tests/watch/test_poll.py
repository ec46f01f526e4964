"""One poll of folders and feeds served from 127.0.0.1: what is ingested, what is skipped cheaply, what is kept
as each source's state."""
from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
from feed_server import FAST, STORIES, rss

from panj.store import Store
from panj.watch import state
from panj.watch.poll import Watcher

pytestmark = pytest.mark.slow  # polls end with extraction (the spaCy model)


def items(base: str, stories=STORIES) -> list[tuple[str, str, str, str]]:
    return [(t, f"{base}/story/{n}", day, text) for n, (t, day, text) in enumerate(stories)]


def doc_count(store: Store) -> int:
    return store.con.execute("SELECT count(*) FROM documents").fetchone()[0]


def source_row(store: Store, source: str) -> dict:
    return next(r for r in state.rows(store.con) if r["source"] == source)


def test_feed_with_etag_is_read_once_then_not_modified(tmp_path, feeds):
    url = feeds.feed("/good.rss", rss("Valley Courier", items(feeds.url)), etag='"abc"')
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [url], FAST)
        first = watcher.poll()
        assert first.new_docs == 3 and doc_count(store) == 3 and not first.errors
        assert first.new_events > 0  # extracted and fused in the same poll
        row = source_row(store, url)
        assert row["title"] == "Valley Courier" and row["etag"] == '"abc"' and row["last_status"] == "ok"
        assert (row["items_seen"], row["items_new"], row["items_total"]) == (3, 3, 3)
        second = watcher.poll()
        assert second.new_docs == 0 and second.outcomes[0].status == "not modified"
        assert feeds.hits("/good.rss")[-1][1] == '"abc"'  # the validator was sent
        row = source_row(store, url)
        assert row["last_status"] == "not modified" and row["items_total"] == 3 and row["polls"] == 2
        docs = store.documents()
        assert {d["url"] for d in docs} == {f"{feeds.url}/story/{n}" for n in range(3)}
        assert all(d["outlet"] == "Valley Courier" and d["source_path"].startswith(url) for d in docs)
        assert "2 new and" not in second.line() and "0 new documents" in second.line()


def test_repeated_items_are_ingested_once(tmp_path, feeds):
    """Within a feed (the same link twice, the same text under two links) and across polls (no ETag: the feed
    is read again, its old items dropped by URL before they are read)."""
    base = items(feeds.url)
    repeated = base + [base[0], (base[1][0], f"{feeds.url}/copy/1", base[1][2], base[1][3])]
    url = feeds.feed("/repeat.rss", rss("Repeater", repeated))
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [url], FAST)
        first = watcher.poll()
        assert first.new_docs == 3 and doc_count(store) == 3
        assert source_row(store, url)["items_seen"] == 5
        newer = ("Bridge reopened", "2022-05-11", "The bridge over the river at the crossing reopened on Wednesday "
                                                  "after repairs, local officials said.")
        feeds.feed("/repeat.rss", rss("Repeater", repeated + items(feeds.url + "/new", [newer])))
        second = watcher.poll()
        assert second.new_docs == 1 and doc_count(store) == 4
        read = {r[0] for r in store.con.execute("SELECT url FROM feed_items").fetchall()}
        assert f"{feeds.url}/copy/1" in read and f"{feeds.url}/new/story/0" in read


def test_failing_feeds_are_recorded_and_do_not_stop_the_others(tmp_path, feeds):
    good = feeds.feed("/good.rss", rss("Valley Courier", items(feeds.url)))
    slow = feeds.slow("/slow.rss", 3.0)
    down = feeds.status("/down.rss", 500)
    broken = feeds.raw("/broken.rss", b"this is not a feed <<< &&")
    with Store(tmp_path / "s.duckdb") as store:
        report = Watcher(store, [slow, down, broken, good], replace(FAST, timeout=0.3, retries=1)).poll()
        assert report.new_docs == 3
        by = {o.source: o for o in report.outcomes}
        assert "timed out" in by[slow].error
        assert "HTTP 500" in by[down].error and len(feeds.hits("/down.rss")) == 2  # retried once
        assert "broken or empty feed" in by[broken].error
        assert by[good].status == "ok"
        line = report.line()
        assert "4 sources" in line and "3 new documents" in line and "3 errors" in line and "\n" not in line
        rows = {r["source"]: r for r in state.rows(store.con)}
        assert rows[down]["last_status"] == "error" and rows[down]["failures"] == 1
        assert rows[down]["last_success"] is None and rows[good]["last_error"] is None


def test_error_keeps_the_last_success(tmp_path, feeds):
    url = feeds.feed("/flaky.rss", rss("Flaky", items(feeds.url)), etag='"1"')
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [url], FAST)
        watcher.poll()
        feeds.status("/flaky.rss", 503)
        watcher.poll()
        watcher.poll()
        row = source_row(store, url)
        assert row["last_status"] == "error" and row["failures"] == 2 and "HTTP 503" in row["last_error"]
        assert row["last_success"] is not None and row["etag"] == '"1"' and row["items_total"] == 3


ARTICLE = """<html><head><title>Guards reinforce crossing | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>Guards reinforce crossing</h1>
<p>Tajik border guards reinforced the crossing at the Panj River on Thursday after a night of gunfire, the border
service said in a statement.</p>
<p>Officials in the district said two guards were wounded and that the crossing would stay closed until
Saturday.</p></article>
<footer>Copyright Valley Courier. All rights reserved.</footer></body></html>"""


def test_fetch_articles_reads_the_page_not_the_summary(tmp_path, feeds):
    page = feeds.page("/story/guards.html", ARTICLE)
    summary = [("Guards reinforce crossing", page, "2022-05-12", "Border guards reinforced a crossing.")]
    url = feeds.feed("/summaries.rss", rss("Valley Courier", summary))
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [url], replace(FAST, host_delay=0.2), fetch_articles=True)
        assert watcher.poll().new_docs == 1
        (doc,) = store.documents()
        assert "two guards were wounded" in doc["text"] and "Subscribe" not in doc["text"]
        assert doc["source_path"] == page and doc["url"] == page and doc["outlet"] == "Valley Courier"
        assert str(doc["published"]) == "2022-05-12"  # the feed's date when the page has none
        watcher.poll()
        assert len(feeds.hits("/story/guards.html")) == 1  # a read item's page is not fetched again


def test_fetch_articles_falls_back_to_the_feed_text(tmp_path, feeds):
    story = [("Talks in Dushanbe", feeds.url + "/gone.html", "2022-05-09", STORIES[1][2])]
    url = feeds.feed("/f.rss", rss("Courier", story))
    with Store(tmp_path / "s.duckdb") as store:
        assert Watcher(store, [url], FAST, fetch_articles=True).poll().new_docs == 1
        assert "water sharing" in store.documents()[0]["text"]


def test_fetch_articles_refuses_links_to_private_addresses_off_the_feeds_host(tmp_path, feeds):
    """A feed is untrusted: its links may not make panj read a local service (here: the same server under another
    name, localhost, as a link off the feed's host would reach an internal one)."""
    page = feeds.page("/story/guards.html", ARTICLE)
    elsewhere = page.replace("127.0.0.1", "localhost")
    story = [("Guards reinforce crossing", elsewhere, "2022-05-12", STORIES[1][2])]
    url = feeds.feed("/links.rss", rss("Courier", story))
    with Store(tmp_path / "s.duckdb") as store:
        assert Watcher(store, [url], FAST, fetch_articles=True).poll().new_docs == 1
        assert "water sharing" in store.documents()[0]["text"]  # the feed's own text, the page not fetched
    assert feeds.hits("/story/guards.html") == []


def test_folder_is_read_again_only_where_files_changed(tmp_path):
    demo = Path(str(resources.files("panj.data").joinpath("demo")))
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(demo.glob("2021-06-23*.md")):
        shutil.copy(p, folder)
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [str(folder), str(tmp_path / "nowhere")], FAST)
        first = watcher.poll()
        assert first.new_docs == 2 and [o.status for o in first.outcomes] == ["ok", "error"]
        assert first.outcomes[1].error == "no such file or folder"
        import panj.ingest.run as run

        reads = []
        original = run.read_source
        run.read_source = lambda source, *a, **k: (reads.append(source), original(source, *a, **k))[1]
        try:
            assert watcher.poll().new_docs == 0 and reads == []  # nothing changed: nothing read
            shutil.copy(sorted(demo.glob("2021-07-05*.md"))[0], folder)
            third = watcher.poll()
        finally:
            run.read_source = original
        assert third.new_docs == 1 and len(reads) == 1
        assert source_row(store, str(folder))["items_seen"] == 3


def test_stop_ends_the_poll_and_the_next_run_finishes_the_work(tmp_path, feeds):
    url = feeds.feed("/good.rss", rss("Valley Courier", items(feeds.url)))
    stop = threading.Event()
    stop.set()
    with Store(tmp_path / "s.duckdb") as store:
        report = Watcher(store, [url], FAST, stop=stop).poll()
        assert report.stopped and report.outcomes == [] and doc_count(store) == 0
        assert "stopped early" in report.line()


def test_stop_during_extraction_loses_nothing(tmp_path, feeds, monkeypatch):
    """Stopped after the first chunk (one document here): it is saved, the others wait unprocessed, fusion waits;
    the next run gives the same events as a run never stopped."""
    from panj import pipeline
    from panj.cli_common import run_pipeline

    monkeypatch.setattr(pipeline, "CHUNK", 1)  # a stop takes effect after the chunk just saved

    url = feeds.feed("/good.rss", rss("Valley Courier", items(feeds.url)))
    with Store(tmp_path / "whole.duckdb") as store:
        Watcher(store, [url], FAST).poll()
        whole = store.event_records()
    with Store(tmp_path / "cut.duckdb") as store:
        from panj.ingest.run import ingest

        from panj.ingest.feed import parse_feed
        from panj.ingest.fetch import Fetcher

        _, entries = parse_feed(Fetcher(FAST).get(url).body, url)
        ingest(store, [], docs=[e.item for e in entries])
        assert pipeline.process(store, stop=lambda: True) == 1
        assert len(store.unprocessed_ids()) == 2
        run_pipeline(store, [], 10_000, stop=lambda: True)
        assert len(store.unprocessed_ids()) == 1 and store.event_records() == []  # no fusion after a stop
        run_pipeline(store, [], 10_000)
        assert store.unprocessed_ids() == []
        assert [(e["id"], e["event_type"]) for e in store.event_records()] == [(e["id"], e["event_type"])
                                                                                 for e in whole]


def test_a_failing_source_is_asked_less_and_less_often(tmp_path, feeds):
    url = feeds.status("/down.rss", 500)
    with Store(tmp_path / "s.duckdb") as store:
        watcher = Watcher(store, [url], replace(FAST, retries=0))
        reports = [watcher.poll() for _ in range(5)]
        assert len(feeds.hits("/down.rss")) == 3  # polls 1, 2 and 4: after n failures in a row, 2^(n-1) - 1 rest
        assert reports[2].resting == [url] and "1 failing source left for later" in reports[2].line()
        feeds.feed("/down.rss", rss("Back", items(feeds.url)))
        for _ in range(3):
            watcher.poll()
        assert source_row(store, url)["last_status"] == "ok"
        watcher.poll()
        assert len(feeds.hits("/down.rss")) == 5  # recovered: asked at every poll again


def test_refused_files_are_counted_in_the_status_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.md").write_text("", "utf-8")
    (folder / "short.txt").write_text("Too short.", "utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = Watcher(store, [str(folder), str(folder) + "/"], FAST).poll()
        assert len(report.outcomes) == 1  # one folder, however it was written
        assert report.skipped == 2 and "0 new documents (2 skipped)" in report.line()
        assert store.counts()["skipped"] == 2

"""The ingest job over a folder mixing good and bad sources, re-runs, near-duplicates and kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from panj.ingest.run import ingest
from panj.store import Store

BODY = ("On {d}, border guards of country {n} reported that a patrol near checkpoint {n} exchanged fire with "
        "smugglers who tried to cross the river at night; officials said {k} people were detained and "
        "that an investigation had been opened into case number {n}.")


def md(path: Path, n: int, published: str = "2022-05-09", body: str | None = None) -> None:
    text = body or BODY.format(d="Monday", n=n, k=n % 7 + 1)
    path.write_text(f"---\ntitle: Report {n}\noutlet: Outlet {n % 3}\npublished: {published}\n---\n{text}\n",
                    encoding="utf-8")


def make_mixed_folder(root: Path) -> None:
    for n in range(5):
        md(root / f"good{n}.md", n)
    (root / "sub").mkdir()
    md(root / "sub" / "nested.md", 99)
    (root / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (root / "empty.md").write_text("", encoding="utf-8")
    (root / "future.md").write_text("---\npublished: 2999-01-01\n---\n" + BODY.format(d="Monday", n=7, k=1),
                                    encoding="utf-8")
    (root / "broken.html").write_text("<html><body><div>", encoding="utf-8")
    (root / "broken.rss").write_text("<rss><channel>", encoding="utf-8")
    (root / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    (root / "huge.txt").write_text("word " * 300_000, encoding="utf-8")
    (root / "undecodable.txt").write_bytes(b"ok \x81\x8d\x8f\x90\x9d \xff\xfe\xfa" * 200)


def test_mixed_folder_reports_each_bad_file_and_goes_on(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    make_mixed_folder(src)
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest(store, [str(src)], max_bytes=1_000_000)
        reasons = {Path(s.source_path.split(":")[0]).name: s.reason for s in report.skipped}
        assert report.added == 6
        assert set(reasons) == {"binary.txt", "empty.md", "future.md", "broken.html", "broken.rss", "bad.jsonl",
                                "huge.txt", "undecodable.txt"}
        assert "future" in reasons["future.md"] and "too large" in reasons["huge.txt"]
        assert store.counts()["skipped"] == 8
        # re-running changes nothing
        again = ingest(store, [str(src)], max_bytes=1_000_000)
        assert again.added == 0 and again.unchanged == 6
        assert store.counts()["documents"] == 6 and store.counts()["skipped"] == 8


def test_same_text_different_whitespace_is_one_document(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    md(src / "a.md", 1)
    md(src / "b.md", 1, body=BODY.format(d="Monday", n=1, k=2).replace(" ", "  "))
    (src / "c.md").write_text((src / "a.md").read_text().replace("\n", "\r\n"), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest(store, [str(src)])
        assert report.added == 1 and report.unchanged == 2


def test_near_duplicate_is_linked_to_its_original(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    long_body = " ".join(BODY.format(d=f"day {i}", n=i, k=i) for i in range(6))
    md(src / "a_original.md", 1, published="2022-05-09", body=long_body)
    md(src / "b_copy.md", 2, published="2022-05-10", body="Via Outlet 1. " + long_body + " Republished with permission.")
    md(src / "c_other.md", 3, body="Delegations of the two governments met in the capital to discuss trade "
                                   "routes, electricity exports and a new bridge over the river.")
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest(store, [str(src)])
        assert report.added == 3 and report.near_duplicates == 1
        rows = {r["title"]: r for r in store.documents()}
        assert rows["Report 2"]["duplicate_of"] == rows["Report 1"]["id"]
        assert rows["Report 1"]["duplicate_of"] is None and rows["Report 3"]["duplicate_of"] is None
        links = store.con.execute("SELECT kind, similarity FROM document_links").fetchall()
        assert links[0][0] == "near-duplicate" and links[0][1] > 0.7


def test_near_copy_of_a_document_stored_in_an_earlier_run(tmp_path):
    """The original was stored by an earlier run (found through the stored LSH bands, not held in memory), also
    when the store predates the bands (they are computed from the stored signatures first)."""
    long_body = " ".join(BODY.format(d=f"day {i}", n=i, k=i) for i in range(6))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    md(first / "a_original.md", 1, published="2022-05-09", body=long_body)
    md(second / "b_copy.md", 2, published="2022-05-10", body="Via Outlet 1. " + long_body + " Republished.")
    for predates_bands in (False, True):
        with Store(tmp_path / f"s{predates_bands}.duckdb") as store:
            ingest(store, [str(first)])
            if predates_bands:
                store.con.execute("DELETE FROM document_bands")
            report = ingest(store, [str(second)])
            assert report.near_duplicates == 1
            rows = {r["title"]: r for r in store.documents()}
            assert rows["Report 2"]["duplicate_of"] == rows["Report 1"]["id"]
            assert store.con.execute("SELECT count(DISTINCT doc_id) FROM document_bands").fetchone()[0] == 2


def test_future_date_relative_to_today(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    md(src / "a.md", 1, published="2022-05-09")
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest(store, [str(src)], today=date(2022, 5, 1))
        assert report.added == 0 and "future" in report.skipped[0].reason


def test_kill_9_mid_ingest_loses_nothing_and_rerun_completes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    total = 1500
    for n in range(total):
        md(src / f"doc{n:05d}.md", n)
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "panj", "--db", str(db), "ingest", "--no-extract", str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    # wait until the store has grown past its empty size (some batches committed), then kill -9
    while time.time() < deadline and proc.poll() is None:
        if db.exists() and db.stat().st_size > 300_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db) as store:
        partial = store.counts()["documents"]
    assert 0 < partial < total
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        ids = store.con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
        assert ids == (total, total)


def test_undated_text_is_stored_with_its_inferred_year(tmp_path):
    (tmp_path / "analysis.txt").write_text(
        "Analysis. Border defences have been improved since January 2022, and rockets were fired in early May.\n",
        encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(tmp_path / "analysis.txt")])
        (row,) = store.documents()
    assert (row["published"], row["published_granularity"], row["published_inferred"]) == (
        date(2022, 1, 1), "year", True)
    assert "January 2022" in row["published_basis"]

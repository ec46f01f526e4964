"""Extraction in worker processes and on a Dask cluster gives the very records one process gives, ids included,
and the one writer keeps the store's promise: a document is marked processed only with its extraction."""
from __future__ import annotations

from concurrent.futures import Future
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panj.cli import app
from panj.parallel import Runner, in_order


def _demo_corpus() -> list[str]:
    folder = Path(str(resources.files("panj.data").joinpath("demo")))
    return sorted(str(p) for p in folder.glob("*.md") if p.name != "README.md")


def _ingest_and_export(db: Path, *options: str) -> tuple[str, str]:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "ingest", *_demo_corpus(), *options])
    assert result.exit_code == 0, result.output
    events = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl"])
    mentions = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--level", "mention"])
    assert events.exit_code == 0 and mentions.exit_code == 0
    return events.stdout, mentions.stdout


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> tuple[str, str]:
    events, mentions = _ingest_and_export(tmp_path_factory.mktemp("one") / "p.duckdb", "--workers", "1")
    assert events.count("\n") > 10 and mentions.count("\n") > 10  # the comparison below means something
    return events, mentions


@pytest.mark.slow
def test_two_worker_processes_write_the_same_records(one_process, tmp_path):
    assert len(_demo_corpus()) > 16  # more than one chunk, so both workers get one
    assert _ingest_and_export(tmp_path / "p.duckdb", "--workers", "2") == one_process


@pytest.mark.slow
def test_a_dask_cluster_writes_the_same_records(one_process, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        exported = _ingest_and_export(tmp_path / "p.duckdb", "--scheduler", cluster.scheduler_address)
    assert exported == one_process


def test_answers_come_back_in_the_order_of_the_chunks_with_a_bounded_window():
    chunks = [[(f"d{i}", "text", {})] for i in range(7)]
    submitted: list[Future] = []
    taken: list[str] = []

    def submit(fn, jobs):
        assert len(submitted) - len(taken) < 3  # never more than `window` chunks in flight
        future: Future = Future()
        future.doc_id = jobs[0][0]
        submitted.append(future)
        if len(submitted) % 3 == 0 or len(submitted) == len(chunks):  # answers arrive newest first
            for f in reversed(submitted):
                if not f.done():
                    f.set_result([(f.doc_id, [], [], [])])
        return future

    for answer in in_order(submit, chunks, window=3):
        taken.append(answer[0][0])
    assert taken == [f"d{i}" for i in range(7)]


def test_a_failed_chunk_leaves_its_documents_unprocessed_and_keeps_those_saved(tmp_path):
    """Kill-safety with workers: answers are saved chunk by chunk, each with its documents marked processed; a
    chunk whose worker failed (or a writer killed before saving it) leaves its documents for the next run."""
    from panj import pipeline
    from panj.ingest.run import ingest
    from panj.store import Store

    with Store(tmp_path / "p.duckdb") as store:
        ingest(store, _demo_corpus())
        ids = store.unprocessed_ids()
        assert len(ids) > pipeline.CHUNK

        def first_chunk_then_failure(chunks, count):
            chunks = iter(chunks)
            yield [(doc_id, [(0, 0, 4, "Text")], [], []) for doc_id, _, _ in next(chunks)]
            raise RuntimeError("worker died")

        with pytest.raises(RuntimeError):
            pipeline.process(store, run=first_chunk_then_failure)
        assert store.unprocessed_ids() == ids[pipeline.CHUNK:]
        saved = store.con.execute("SELECT count(DISTINCT doc_id) FROM sentences").fetchone()[0]
        assert saved == pipeline.CHUNK


def test_a_runner_needs_a_worker():
    with pytest.raises(ValueError):
        Runner(workers=0)


def test_an_unreachable_scheduler_is_one_line_and_reads_nothing(tmp_path, monkeypatch):
    import socket

    from panj import parallel
    from panj.store import Store

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", *_demo_corpus(), "--scheduler",
                                      f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    with Store(db) as store:
        assert store.counts()["documents"] == 0


def test_stop_ends_extraction_after_the_chunk_just_saved(tmp_path):
    from panj import pipeline
    from panj.ingest.run import ingest
    from panj.store import Store

    with Store(tmp_path / "p.duckdb") as store:
        ingest(store, _demo_corpus())
        ids = store.unprocessed_ids()

        def placeholder(chunks, count):
            for jobs in chunks:
                yield [(doc_id, [(0, 0, 4, "Text")], [], []) for doc_id, _, _ in jobs]

        saved = pipeline.process(store, run=placeholder, stop=lambda: True)
        assert saved == pipeline.CHUNK
        assert store.unprocessed_ids() == ids[pipeline.CHUNK:]


def test_one_process_extraction_freezes_what_it_loads_for_the_garbage_collector():
    """The model, knowledge base and gazetteer live as long as the process: frozen after loading, so that the
    collector's full passes during a backfill do not walk them each time; young passes come less often."""
    import gc

    from panj.parallel import YOUNG_GC_THRESHOLD

    with Runner(workers=1) as runner:
        answers = list(runner.map(iter([[("d1", WARM_SENTENCE, {"published": None})]]), 1))
    assert [doc_id for doc_id, *_ in answers[0]] == ["d1"]
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_GC_THRESHOLD


WARM_SENTENCE = "Troops fired on a border post on Monday, the ministry said."

"""CPU milliseconds a text of each spaCy component and each extraction stage, in one process.

Wall-clock ratios are noisy on a shared machine; CPU time per stage is not, so this is how a saving is found and
shown. The texts are parsed component by component (`pipe` over batches of 16, as `nlp.pipe` does), first by the
pinned model as shipped and then by panj's pipeline (the same model plus panj's own components); then panj's
extraction runs over the parses, each stage timed.

    .venv/bin/python bench/stages.py ../shared/bench/news-texts [--limit 300]
"""
from __future__ import annotations

import argparse
import importlib
import time
from collections import Counter
from pathlib import Path
from typing import Any

STAGES = [("panj.extract.actors", "find_actors"), ("panj.extract.times", "find_times"),
          ("panj.extract.places", "find_places"), ("panj.extract.events", "extract_events"),
          ("panj.extract.times", "date_for_event"), ("panj.extract.claims", "apply_claims")]


def components(nlp: Any, texts: list[str]) -> tuple[dict[str, float], list]:
    """CPU ms a text of the tokenizer and each component; the parsed docs."""
    out: dict[str, float] = {}
    started = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    out["tokenizer"] = time.process_time() - started
    for name, proc in nlp.pipeline:
        started = time.process_time()
        docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        out[name] = time.process_time() - started
    return {k: 1000 * v / len(texts) for k, v in out.items()}, docs


def extraction(docs: list, jobs: list) -> dict[str, float]:
    """CPU ms a text of each extraction stage (and of the whole of `extract_document`)."""
    from panj import pipeline

    spent: Counter[str] = Counter()
    for module, name in STAGES:
        mod = importlib.import_module(module)
        fn = getattr(mod, name)

        def timed(*args: Any, _fn: Any = fn, _name: str = name, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _fn(*args, **kwargs)
            finally:
                spent[_name] += time.process_time() - started
        setattr(mod, name, timed)
    started = time.process_time()
    for doc, job in zip(docs, jobs):
        doc_id, text, fields = job
        pipeline.extract_document(doc, pipeline.context_of({"id": doc_id, "text": text, **fields}))
    total = time.process_time() - started
    return {"extract_document": 1000 * total / len(docs), **{k: 1000 * v / len(docs) for k, v in spent.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    import spacy

    import tempfile

    from panj import nlp as panj_nlp
    from panj.ingest.base import DEFAULT_MAX_BYTES
    from panj.ingest.run import ingest
    from panj.pipeline import extract_chunk, job_of
    from panj.store import Store

    files = sorted(args.folder.glob("*.txt"))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stages.duckdb") as store:
        ingest(store, [str(f) for f in files], max_bytes=DEFAULT_MAX_BYTES)  # read as `panj ingest` reads
        rows = {r["id"]: r for r in store.documents()}
        jobs = [job_of(rows[i]) for i in store.unprocessed_ids()]
    texts = [text for _, text, _ in jobs]
    extract_chunk(jobs[:1])  # knowledge base, gazetteer and lexicons loaded before the clock starts
    shipped, _ = components(spacy.load(panj_nlp.MODEL), texts)
    ours, docs = components(panj_nlp.load(), texts)
    print(f"{len(texts)} texts; CPU ms a text")
    print(f"{'component':24s} {'as shipped':>10s} {'panj':>8s}")
    for name in dict.fromkeys([*shipped, *ours]):
        a, b = shipped.get(name), ours.get(name)
        print(f"{name:24s} {'' if a is None else f'{a:10.2f}'} {'' if b is None else f'{b:8.2f}':>8s}")
    print(f"{'total parse':24s} {sum(shipped.values()):10.2f} {sum(ours.values()):8.2f}")
    for name, ms in extraction(docs, jobs).items():
        print(f"{name:24s} {'':10s} {ms:8.2f}")


if __name__ == "__main__":
    main()

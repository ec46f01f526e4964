"""What each semantic use (panj/data/semantic.yaml) changes, and what it costs: every figure with it off and on,
measured in one process so that the runs compare.

    .venv/bin/python bench/semantic.py --plover ../shared/bench/plover-gsr \
        --gold ../shared/gold/seeds --gold ../shared/gold/kyrgyz-tajik \
        --ecbplus ../shared/bench/ecbplus-dev --news ../shared/bench/news-texts --limit 200

Settings: off (both uses off), type_check, fusion, both. Figures: PLOVER event-type accuracy (type check only),
`panj eval gold` figures per gold set, ECB+ CoNLL F1 of the fuse recipe (fusion signal only), and docs/s of the
whole ingest (`run_pipeline` on a new store) over the first N news texts, with the sentences each run embedded.
The embedding cache is emptied before each timed run, so each pays for its own vectors. CPU seconds (all threads
of the process) are printed beside wall time: on a shared machine they move less with the neighbours' load.
"""
from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from panj.semantic import model as semantic_model

SETTINGS = {"off": (False, False), "type_check": (True, False), "fusion": (False, True), "both": (True, True)}


def use(name: str) -> None:
    cfg = semantic_model.settings()
    cfg["type_check"]["enabled"], cfg["fusion"]["enabled"] = SETTINGS[name]


def fresh_cache() -> semantic_model.Embedder:
    emb = semantic_model.embedder()
    emb._cache.clear()
    emb.embedded = 0
    return emb


def plover(folder: Path) -> None:
    from panj.eval.plover import load_records, score
    from panj.extract.events.mentions import classify_predicate

    recs = load_records(folder)
    for name in ("off", "type_check"):
        use(name)
        r = score(recs, classify_predicate)
        print(f"plover {name:<10} accuracy={r['accuracy']:.3f} ({r['correct']}/{r['n']}, "
              f"{r['no_prediction']} without prediction)")


def gold(folder: Path) -> None:
    from panj.eval.gold import country_name_table, run_pipeline_on, score
    import json

    items = [json.loads(x) for x in (folder / "gold.jsonl").read_text("utf-8").splitlines() if x.strip()]
    for name in SETTINGS:
        use(name)
        with tempfile.TemporaryDirectory() as tmp:
            preds, names = run_pipeline_on(folder / "docs", Path(tmp) / "eval.duckdb")
        f = score(preds, items, names, country_name_table()).figures
        print(f"gold {folder.name} {name:<10} core_recall={f['core_recall']:.3f} precision={f['precision']:.3f} "
              f"status={f['status_accuracy']:.3f} place={f['place_accuracy']:.3f} fusion={f['fusion']:.3f} "
              f"fragmentation={f['fragmentation']:.3f} predicted={f['predicted']}")


def ecbplus(folder: Path) -> None:
    from panj.eval import ecbplus as ecb

    docs, mentions = ecb.load_split(folder, "dev")
    ecb.annotate(docs, mentions)
    key = ecb.gold_clusters(mentions)
    for name, on in (("off", False), ("fusion", True)):
        s = ecb.score(key, ecb.fuse_system(docs, mentions, 0.06, semantic=on))
        print(f"ecbplus {name:<10} MUC={s['muc']:.1f} B3={s['b3']:.1f} CEAF-e={s['ceafe']:.1f} CoNLL={s['conll']:.1f}")


def throughput(folder: Path, limit: int) -> None:
    from panj.cli_common import run_pipeline
    from panj.ingest.base import DEFAULT_MAX_BYTES
    from panj.store import Store
    from panj import nlp

    files = sorted(folder.glob("*.txt"))[:limit]
    nlp.load()
    t = time.perf_counter()
    semantic_model.embedder().embed(["warm-up: the model loads once per process"])
    print(f"model load: {time.perf_counter() - t:.2f}s")
    use("both")  # warm-up: knowledge base, gazetteer and prototypes load once per process, outside the timings
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.duckdb") as store:
        run_pipeline(store, [str(f) for f in files[:10]], DEFAULT_MAX_BYTES)
    for name in ("off", "type_check", "fusion", "both", "off"):
        use(name)
        emb = fresh_cache()
        emb.cpu_seconds = 0.0
        with tempfile.TemporaryDirectory() as tmp:
            started, cpu = time.perf_counter(), time.process_time()
            with Store(Path(tmp) / "t.duckdb") as store:
                run_pipeline(store, [str(f) for f in files], DEFAULT_MAX_BYTES)
            secs, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"throughput {name:<10} {len(files)} texts in {secs:.1f}s = {len(files) / secs:.2f} docs/s, "
              f"CPU {cpu:.1f}s = {len(files) / cpu:.2f} docs per CPU-second, {emb.embedded} sentences embedded "
              f"in {emb.cpu_seconds:.1f} CPU-s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plover", type=Path)
    ap.add_argument("--gold", type=Path, action="append", default=[])
    ap.add_argument("--ecbplus", type=Path)
    ap.add_argument("--news", type=Path)
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    if args.plover:
        plover(args.plover)
    for g in args.gold:
        gold(g)
    if args.ecbplus:
        ecbplus(args.ecbplus)
    if args.news:
        throughput(args.news, args.limit)


if __name__ == "__main__":
    main()

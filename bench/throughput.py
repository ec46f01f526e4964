"""Throughput of `panj ingest` (read, parse and extract, fuse, refresh alerts) against bare spaCy `nlp.pipe`.

Both run over the same texts in one invocation, each in its own process so that peak memory (max RSS) is its own.
The panj side calls the very function `panj ingest` runs (`panj.cli_common.run_pipeline`) on a new store.

    .venv/bin/python bench/throughput.py ../shared/bench/news-texts [--limit N]

Prints the machine, the seconds of each stage, documents per second and peak memory of each, and the ratio
panj / bare spaCy.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def texts_of(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(folder.glob("*.txt"))
    return files[:limit] if limit else files


def run_bare(folder: Path, limit: int | None) -> dict:
    from panj import nlp
    from panj.ingest.text import from_string

    files = texts_of(folder, limit)
    texts = [from_string(f.read_text("utf-8"), str(f)).text for f in files]
    started = time.perf_counter()
    import spacy

    model = spacy.load(nlp.MODEL)  # the pinned model as spaCy ships it, without panj's own pipeline components
    tokens = sum(len(doc) for doc in model.pipe(texts, batch_size=16))
    return {"docs": len(texts), "tokens": tokens, "seconds": time.perf_counter() - started}


def run_panj(folder: Path, limit: int | None) -> dict:
    from panj.cli_common import run_pipeline
    from panj.ingest.base import DEFAULT_MAX_BYTES
    from panj.store import Store

    files = texts_of(folder, limit)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb") as store:
            report = run_pipeline(store, [str(f) for f in files], DEFAULT_MAX_BYTES)
            counts = store.counts()
        seconds = time.perf_counter() - started
    return {"docs": len(files), "added": report.added, "events": counts["events"],
            "mentions": counts["event_mentions"], "seconds": seconds, "stages": report.stages}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def child(mode: str, folder: Path, limit: int | None) -> None:
    result = (run_bare if mode == "bare" else run_panj)(folder, limit)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--mode", choices=["bare", "panj"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args.mode, args.folder, args.limit)
        return
    print(f"machine: {machine()}")
    results = {}
    for mode in ("bare", "panj"):
        cmd = [sys.executable, __file__, str(args.folder), "--mode", mode]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    for mode, r in results.items():
        rate = r["docs"] / r["seconds"]
        print(f"{mode:5s}: {r['docs']} docs in {r['seconds']:.1f} s = {rate:.1f} docs/s, peak {r['peak_mb']:.0f} MB"
              + (f", {r['events']} events from {r['mentions']} mentions" if mode == "panj" else ""))
        if mode == "panj":
            print("       stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items()))
    ratio = (results["panj"]["docs"] / results["panj"]["seconds"]) / (results["bare"]["docs"] / results["bare"]["seconds"])
    print(f"ratio panj/bare spaCy = {ratio:.2f}")


if __name__ == "__main__":
    main()

"""Throughput of `panj ingest` (read, parse and extract, fuse, refresh alerts) against bare spaCy `nlp.pipe`.

Both run over the same texts in one invocation, each in its own process tree. For each N of `--workers`, bare
spaCy runs `nlp.pipe(n_process=N)` and panj the very function `panj ingest --workers N` runs
(`panj.cli_common.run_pipeline`) on a new store. Peak memory is of all the processes of a run together: the
sum of their resident sets, sampled every 0.1 s (worker processes included).

    .venv/bin/python bench/throughput.py ../shared/bench/news-texts [--limit N] [--workers 1,2] [--rounds 2]

Prints the machine and its load average before and after (other work on the machine slows both sides), the seconds
of each stage, documents per second, CPU seconds of the whole process tree (start-up included), peak memory and
garbage-collector CPU of each run, and the ratios panj / bare spaCy for each N, by docs/s and by CPU (the CPU ratio
holds still when neighbours on a shared machine stretch the wall clock).
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


def gc_clock() -> dict[str, float]:
    """CPU seconds this process spends in the garbage collector from now on (`["seconds"]`): panj's long-lived
    resources and its many small containers make collection a cost bare spaCy hardly has."""
    import gc

    spent = {"seconds": 0.0, "started": 0.0}

    def tick(phase: str, info: dict) -> None:
        if phase == "start":
            spent["started"] = time.process_time()
        else:
            spent["seconds"] += time.process_time() - spent["started"]

    gc.callbacks.append(tick)
    return spent


def run_bare(folder: Path, limit: int | None, workers: int) -> dict:
    from panj import nlp
    from panj.ingest.text import from_string

    files = texts_of(folder, limit)
    texts = [from_string(f.read_text("utf-8"), str(f)).text for f in files]
    started, collector = time.perf_counter(), gc_clock()
    import spacy

    model = spacy.load(nlp.MODEL)  # the pinned model as spaCy ships it, without panj's own pipeline components
    tokens = sum(len(doc) for doc in model.pipe(texts, batch_size=16, n_process=workers))
    return {"docs": len(texts), "tokens": tokens, "seconds": time.perf_counter() - started,
            "gc_seconds": collector["seconds"]}


def run_panj(folder: Path, limit: int | None, workers: int) -> dict:
    from panj.cli_common import run_pipeline
    from panj.ingest.base import DEFAULT_MAX_BYTES
    from panj.store import Store

    files = texts_of(folder, limit)
    with tempfile.TemporaryDirectory() as tmp:
        started, collector = time.perf_counter(), gc_clock()
        with Store(Path(tmp) / "bench.duckdb") as store:
            report = run_pipeline(store, [str(f) for f in files], DEFAULT_MAX_BYTES, workers=workers)
            counts = store.counts()
        seconds = time.perf_counter() - started
    return {"docs": len(files), "added": report.added, "events": counts["events"],
            "mentions": counts["event_mentions"], "seconds": seconds, "stages": report.stages,
            "gc_seconds": collector["seconds"]}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def child(mode: str, folder: Path, limit: int | None, workers: int) -> None:
    result = (run_bare if mode == "bare" else run_panj)(folder, limit, workers)
    print(json.dumps(result))


def run_sampled(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run `cmd`, sampling the resident memory of it and all its descendants; returns the peak sum in MB."""
    import psutil

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        root, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    total += p.memory_info().rss
            except psutil.Error:  # a process ended between listing and reading
                pass
            peak = max(peak, total)
            time.sleep(0.1)
        out.seek(0), err.seek(0)
        done = subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())
    return done, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", default="1", help="processes, or a comma-separated list of counts to compare")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each side, interleaved bare panj panj bare ..., so that a machine whose speed "
                             "drifts during the benchmark weighs on both sides alike")
    parser.add_argument("--mode", choices=["bare", "panj"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    counts = [int(n) for n in str(args.workers).split(",")]
    if args.mode:
        child(args.mode, args.folder, args.limit, counts[0])
        return
    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    results: dict[tuple[str, int], list[dict]] = {}
    for n in counts:
        for mode in _order(args.rounds):
            cmd = [sys.executable, __file__, str(args.folder), "--mode", mode, "--workers", str(n)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done, peak = run_sampled(cmd)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
            r = json.loads(done.stdout.strip().splitlines()[-1])
            results.setdefault((mode, n), []).append(r)
            r["peak_mb"] = peak
            # CPU of the run's whole process tree, start-up included: neighbours on a shared machine stretch the
            # wall clock far more than the CPU a run needs
            r["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            label = f"{mode} x{n}"
            print(f"{label:8s}: {r['docs']} docs in {r['seconds']:.1f} s = {r['docs'] / r['seconds']:.1f} docs/s, "
                  f"CPU {r['cpu']:.1f} s, peak {peak:.0f} MB (all processes), GC {r['gc_seconds']:.1f} s CPU (this process)"
                  + (f", {r['events']} events from {r['mentions']} mentions" if mode == "panj" else ""), flush=True)
            if mode == "panj":
                print("          stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items()), flush=True)
    for n in counts:
        panj, bare = results["panj", n], results["bare", n]
        # same texts on both sides, so the docs/s ratio is the ratio of summed seconds
        ratio = sum(r["seconds"] for r in bare) / sum(r["seconds"] for r in panj)
        cpu = sum(r["cpu"] for r in bare) / sum(r["cpu"] for r in panj)
        print(f"ratio panj --workers {n} / bare spaCy n_process={n} = {ratio:.2f} (docs/s); "
              f"{cpu:.2f} (CPU seconds, all processes, bare / panj)"
              + (f"; over {len(panj)} runs each, in the order {' '.join(_order(args.rounds))}" if len(panj) > 1 else ""))
    print(f"load average after: {load()}")


def _order(rounds: int) -> list[str]:
    """bare panj, then panj bare, and so on: a speed that drifts linearly over the runs cancels out."""
    pairs = [("bare", "panj") if r % 2 == 0 else ("panj", "bare") for r in range(rounds)]
    return [mode for pair in pairs for mode in pair]


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"


if __name__ == "__main__":
    main()

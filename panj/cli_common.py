"""What every panj command shares: the store path (`--db`), the console, and the ingest job with its progress bars.

Why a module of its own: the subcommands that live beside their feature (`panj.indicators.cli`, `panj.web.cli`,
`panj eval gold`) need these, and `panj.cli` loads those subcommands; here below both, nobody imports upwards.
"""
from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn,
                           TimeElapsedColumn)
from rich.text import Text

console = Console(stderr=True, soft_wrap=True)  # one line per skipped source, for grep


class Settings:
    db: Path = Path(os.environ.get("PANJ_DB", "panj.duckdb"))


class RateColumn(ProgressColumn):
    """Documents per second since the task began, and the time left at that rate, for tasks given a `unit`.
    Since the start rather than rich's recent-window speed: answers arrive a chunk at a time from the workers."""

    def render(self, task: Task) -> Text:
        unit, elapsed = task.fields.get("unit"), task.elapsed
        if not unit or not elapsed or not task.completed or task.total is None:
            return Text("")
        rate = task.completed / elapsed
        left = "" if task.finished else f", eta {_clock((task.total - task.completed) / rate)}"
        return Text(f"{rate:.1f} {unit}/s{left}", style="progress.data.speed")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def _progress(show: bool = True) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), RateColumn(), console=console, transient=False, disable=not show)


def run_pipeline(store, paths: list[str], max_bytes: int, extract: bool = True, workers: int = 1,
                 scheduler: str | None = None, stop=None, progress_bars: bool = True):
    """Ingest, extract, fuse and refresh alerts with progress bars; returns the ingest report, with the seconds
    each stage took in `report.stages` (what bench/throughput.py prints). Parsing and extraction run in `workers`
    processes or on the Dask cluster at `scheduler` (panj/parallel.py); this process stays the one writer.
    `stop()` true (Ctrl-C in `panj watch`) ends extraction after the chunk just saved and leaves fusion to the next
    run."""
    from panj import pipeline
    from panj.indicators.alerts import refresh
    from panj.ingest.run import ingest as ingest_sources
    from panj.parallel import Runner

    with _progress(progress_bars) as progress:
        clock = time.perf_counter()
        with Runner(workers if extract else 1, scheduler if extract else None) as runner:  # stopped before fusion
            task = progress.add_task("reading sources", total=None)
            report = ingest_sources(store, paths, max_bytes=max_bytes, on_source=lambda s: progress.advance(task))
            progress.update(task, total=report.sources, completed=report.sources)
            clock = _lap(report.stages, "read", clock)
            if extract:
                todo = len(store.unprocessed_ids())
                task = progress.add_task(f"extracting events {runner.describe(todo)}", total=todo, unit="docs")
                pipeline.process(store, on_doc=lambda d: progress.advance(task), run=runner.map, stop=stop)
        if extract:
            clock = _lap(report.stages, "extract", clock)
            if stop is not None and stop():
                return report
            task = progress.add_task("fusing events, refreshing alerts", total=2)
            fused = pipeline.fuse_store(store)
            report.events_changed = len(fused.changed)
            progress.advance(task)
            clock = _lap(report.stages, "fuse", clock)
            refresh(store, changed=fused.changed, removed=fused.removed)  # only the series those events count in
            progress.advance(task)
            _lap(report.stages, "alerts", clock)
    return report


def _lap(stages: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    stages[name] = now - since
    return now


def date_option(value: str | None, hint: str) -> date | None:
    """A command's YYYY-MM-DD option as a date; anything else is a usage error naming the option."""
    import typer

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("write dates as YYYY-MM-DD", param_hint=hint) from None

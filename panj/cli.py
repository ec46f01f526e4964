"""The `panj` command: ingest → extract → fuse into the store, then export, summarise and evaluate."""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from panj.cli_common import Settings, console, run_pipeline
from panj.eval import EVAL_MODULES, eval_app
from panj.ingest.base import DEFAULT_MAX_BYTES

app = typer.Typer(help="panj: conflict news to a sourced, corroborated record of events.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
@app.callback()
def main(db: Optional[Path] = typer.Option(None, "--db", envvar="PANJ_DB",
                                           help="DuckDB store file (default ./panj.duckdb).")) -> None:
    if db is not None:
        Settings.db = db


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders (recursed) or feed URLs."),
           max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Refuse files larger than this."),
           extract: bool = typer.Option(True, help="Run extraction and fusion after reading."),
           workers: int = typer.Option(os.cpu_count() or 1, min=1, envvar="PANJ_WORKERS", help="Processes that "
                                       "parse and extract (default: this machine's cores); this one writes."),
           scheduler: Optional[str] = typer.Option(None, help="Parse and extract on the Dask cluster at "
                                                   "tcp://HOST:PORT instead (see README, Running on a cluster).")
           ) -> None:
    """Read documents into the store, extract their events and fuse them. Safe to re-run."""
    from panj.parallel import ClusterUnreachable
    from panj.store import Store

    with Store(Settings.db) as store:
        try:
            report = run_pipeline(store, paths, max_bytes, extract, workers=workers, scheduler=scheduler)
        except ClusterUnreachable as exc:
            console.print(f"[red]error[/] {exc}", highlight=False)
            raise typer.Exit(code=2)
        for skip in report.skipped:
            console.print(f"[yellow]skipped[/] {skip.source_path}: {skip.reason}", highlight=False, markup=True)
        counts = store.counts()
    console.print(
        f"{report.sources} sources, {report.read} documents read: {report.added} added, "
        f"{report.unchanged} already stored, {report.near_duplicates} near-duplicates linked, "
        f"{len(report.skipped)} skipped. Store {Settings.db}: {counts['documents']} documents, "
        f"{counts['event_mentions']} event mentions, {counts['events']} events.", highlight=False)
    if report.skipped:  # exit status 100 + number skipped (capped), so scripts can tell how many
        raise typer.Exit(code=100 + min(len(report.skipped), 99))


@app.command()
def process(workers: int = typer.Option(os.cpu_count() or 1, min=1, envvar="PANJ_WORKERS",
                                       help="Processes that parse and extract.")) -> None:
    """Extract from documents not yet processed, then fuse (resumes an interrupted ingest)."""
    from panj.store import Store

    with Store(Settings.db) as store:
        run_pipeline(store, [], DEFAULT_MAX_BYTES, workers=workers)


@app.command()
def export(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | geojson | parquet"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File (stdout for text formats)."),
           level: str = typer.Option("event", help="event (fused) | mention (before fusion)"),
           min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                                help="Leave out events below this confidence (default: all).")) -> None:
    """Write fused events (or event mentions) in the record format of spec/events.md."""
    from panj import export as exporter
    from panj.store import Store

    if fmt not in exporter.FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(exporter.FORMATS)}", param_hint="--format")
    if level not in ("event", "mention"):
        raise typer.BadParameter("choose event or mention", param_hint="--level")
    with Store(Settings.db) as store:
        records = store.event_records() if level == "event" else store.event_mention_records()
    if level == "event" and min_confidence > 0:  # events fused before confidence existed are kept
        records = [r for r in records if (r.get("confidence") is None or r["confidence"] >= min_confidence)]
    if level == "event":
        records = [exporter.with_flags(r) for r in records]
    if fmt == "parquet":
        if output is None:
            raise typer.BadParameter("parquet needs -o FILE", param_hint="-o")
        exporter.to_parquet(records, output, level)
    else:
        text = exporter.render(records, fmt)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    if output is not None:
        console.print(f"wrote {len(records)} {level}s to {output}")


@app.command()
def summary() -> None:
    """Documents, events by type, top dyads and disputed events in the store."""
    from panj.store import Store
    from panj.summary import print_summary

    with Store(Settings.db) as store:
        print_summary(store, Console())


@app.command()
def demo(fresh: bool = typer.Option(True, help="Start from an empty store.")) -> None:
    """Run the whole pipeline on the bundled demo corpus (texts written by the panj authors) and summarise."""
    from panj.store import Store
    from panj.summary import print_summary

    if fresh and Settings.db.exists():
        Settings.db.unlink()
    corpus = resources.files("panj.data").joinpath("demo")
    with resources.as_file(corpus) as folder, Store(Settings.db) as store:
        samples = sorted(str(p) for p in Path(folder).glob("*.md") if p.name != "README.md")
        report = run_pipeline(store, samples, DEFAULT_MAX_BYTES)
        console.print(f"demo: {report.added} documents added, {len(report.skipped)} skipped")
        print_summary(store, Console())
    from panj.briefs.cli import write_demo_brief

    brief = write_demo_brief(Settings.db)
    Console().print(f"\nA situation brief of the demo written to {brief}.", highlight=False)
    Console().print(f"\nStore written to {Settings.db}. Open the dashboard with `panj --db {Settings.db} "
                    f"serve` (http://127.0.0.1:8765); export with `panj --db {Settings.db} export --format "
                    f"csv` (or jsonl, geojson, parquet).", highlight=False)


COMMAND_MODULES = ("panj.indicators.cli", "panj.web.cli", "panj.briefs.cli", "panj.watch.cli",
                   "panj.corrections.cli")  # each defines register(app)

for _name in EVAL_MODULES:  # each eval module registers its own subcommand
    if importlib.util.find_spec(f"panj.eval.{_name}") is not None:
        importlib.import_module(f"panj.eval.{_name}")
for _module in COMMAND_MODULES:
    if importlib.util.find_spec(_module) is not None:
        importlib.import_module(_module).register(app)

"""`panj brief`: a situation brief of a dyad or a place over a period, as Markdown, HTML or PDF."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
import yaml

DEMO_SETTINGS = Path(__file__).resolve().parents[1] / "data" / "demo" / "brief.yaml"




def print_left_out(store: Any, options: Any) -> int:
    """The events of the brief's selection that fall below its confidence threshold, one row each."""
    from rich.console import Console
    from rich.table import Table

    from panj.briefs.select import resolve, select

    scope = resolve(store, options)
    below = select(store, scope).below
    table = Table(title=f"{scope.label}, {scope.period.label()}: {len(below)} events below confidence "
                        f"{scope.threshold:g}")
    for col in ("date", "confidence", "status", "summary", "id"):
        table.add_column(col)
    for r in below:
        table.add_row((r.get("date") or {}).get("start") or "?", f"{r.get('confidence'):.3f}",
                      r.get("status") or "?", r.get("summary") or r["event_type"], r["id"])
    Console().print(table)
    return len(below)


def write_brief(db: Path, options: Any, output: Path) -> list[Path]:
    """Open the store read-only, build the brief and write it; returns the files written."""
    from panj.briefs.build import build_brief
    from panj.briefs.render import write
    from panj.store import Store

    with Store(db, read_only=True) as store:
        brief = build_brief(store, options, db_label=str(db))
    return write(brief, output)


def write_demo_brief(db: Path) -> Path:
    """The demo's brief (settings in panj/data/demo/brief.yaml), written as demo-brief.html beside the store."""
    from panj.briefs.select import Options

    cfg = yaml.safe_load(DEMO_SETTINGS.read_text(encoding="utf-8"))
    options = Options(dyad=cfg.get("dyad"), place=cfg.get("place"), since=cfg.get("since"), until=cfg.get("until"))
    out = db.parent / "demo-brief.html"
    write_brief(db, options, out)
    return out


def register(app: typer.Typer) -> None:
    @app.command()
    def brief(output: Optional[Path] = typer.Option(None, "-o", "--output",
                                                    help="FILE.md (with PNGs beside it), FILE.html or FILE.pdf."),
              dyad: Optional[str] = typer.Option(None, "--dyad", help="Two sides, e.g. TJK:AFG, iskp:TJK; a state "
                                                                       "side includes groups based there."),
              place: Optional[str] = typer.Option(None, "--place", help="Admin1, place name or ISO3 country."),
              since: Optional[str] = typer.Option(None, "--since", help="First day (default: a week before --until)."),
              until: Optional[str] = typer.Option(None, "--until", help="Last day (default: the newest document's)."),
              min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                             help="Leave out events below this (default: the "
                                                                  "configured threshold)."),
              left_out: bool = typer.Option(False, "--left-out", help="List the events below the threshold "
                                                                      "instead of writing a brief.")) -> None:
        """A situation brief from the record: headline, key events, who claims and who denies, alerts, trend, map,
        coverage; every sentence footnoted to its sources. Deterministic, no language model."""
        from panj.briefs.render import FORMATS
        from panj.briefs.select import Options
        from panj.cli_common import Settings, console, date_option
        from panj.store import Store

        options = Options(dyad, place, date_option(since, "--since"), date_option(until, "--until"), min_confidence)
        if not Settings.db.exists():
            raise typer.BadParameter(f"no store at {Settings.db}", param_hint="--db")
        try:
            if left_out:
                with Store(Settings.db, read_only=True) as store:
                    print_left_out(store, options)
                return
            if output is None:
                raise typer.BadParameter("give -o FILE.md, FILE.html or FILE.pdf", param_hint="-o")
            if output.suffix.lower() not in FORMATS:
                raise typer.BadParameter("the file must end in .md, .html or .pdf", param_hint="-o")
            written = write_brief(Settings.db, options, output)
        except (ValueError, RuntimeError) as exc:
            console.print(f"[red]brief:[/] {exc}", highlight=False)
            raise typer.Exit(code=2) from None
        console.print("wrote " + ", ".join(str(p) for p in written), highlight=False)

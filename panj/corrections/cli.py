"""`panj correct`, `panj merge`, `panj split` and `panj corrections`: the analyst's hand on the record.

Each write prints what changed; a bad id, field or value prints one line and exits 2 with nothing written.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Optional

import typer

from panj.cli_common import Settings, console

NOTE = typer.Option(..., "--note", help="Why (required; kept in the log).")
BY = typer.Option(None, "--by", help="Who (default: analyst).")


def _run(action: Callable[[object], object]) -> None:
    from panj.corrections.fields import CorrectionError
    from panj.store import Store

    with Store(Settings.db) as store:
        try:
            outcome = action(store)
        except CorrectionError as exc:
            console.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(code=2) from None
    for line in outcome.lines():
        typer.echo(line)


def correct(event_id: Optional[str] = typer.Argument(None, help="The event (not needed with --withdraw)."),
            sets: list[str] = typer.Option([], "--set", help="FIELD=VALUE: event_type, mode, status, "
                                           "date (START[..END]), place (gazetteer name or lat,lon), actors, "
                                           "recipients (knowledge-base ids or names, comma-separated)."),
            reject: bool = typer.Option(False, "--reject", help="Not an event: hide it from exports, indicators "
                                                                 "and alerts (kept in the log)."),
            withdraw: Optional[str] = typer.Option(None, "--withdraw", help="Withdraw an earlier correction (id)."),
            note: str = NOTE, by: Optional[str] = BY) -> None:
    """Correct an event's fields, reject it, or withdraw an earlier correction; survives every re-ingest."""
    from panj.corrections import entries

    chosen = sum([bool(sets), reject, withdraw is not None])
    if chosen != 1:
        console.print("error: give exactly one of --set FIELD=VALUE, --reject or --withdraw CORRECTION_ID",
                      markup=False)
        raise typer.Exit(code=2)
    if withdraw is None and not event_id:
        console.print("error: give the EVENT_ID to correct", markup=False)
        raise typer.Exit(code=2)
    if withdraw is not None:
        _run(lambda s: entries.withdraw(s, withdraw, note, by))
    elif reject:
        _run(lambda s: entries.reject(s, event_id, note, by))
    else:
        _run(lambda s: entries.set_fields(s, event_id, sets, note, by))


def merge(event_ids: list[str] = typer.Argument(..., help="Two or more events; the first keeps its id."),
          note: str = NOTE, by: Optional[str] = BY) -> None:
    """Merge events that are one real-world event."""
    from panj.corrections import entries

    _run(lambda s: entries.merge(s, event_ids, note, by))


def split(event_id: str = typer.Argument(...),
          mentions: str = typer.Option(..., "--mentions", help="Mention ids to move out, comma-separated."),
          note: str = NOTE, by: Optional[str] = BY) -> None:
    """Split mentions off an event into an event of their own."""
    from panj.corrections import entries

    _run(lambda s: entries.split(s, event_id, mentions.split(","), note, by))


def corrections(event: Optional[str] = typer.Option(None, "--event", help="Only this event's history."),
                orphaned: bool = typer.Option(False, "--orphaned", help="Only corrections that no longer apply."),
                fmt: str = typer.Option("table", "--format", "-f", help="table | jsonl"),
                import_file: Optional[Path] = typer.Option(None, "--import", exists=True, dir_okay=False,
                                                           help="Append another store's log (JSONL) and apply it.")
                ) -> None:
    """The audit trail: every correction, who, when, why, and whether it applies now."""
    from panj.corrections import entries as recording
    from panj.corrections.fields import CorrectionError
    from panj.store import Store
    from panj.store import corrections as log

    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter("choose table or jsonl", param_hint="--format")
    with Store(Settings.db) as store:
        if import_file is not None:
            try:
                lines = [json.loads(x) for x in import_file.read_text("utf-8").splitlines() if x.strip()]
                outcome = recording.import_log(store, lines)
            except (CorrectionError, json.JSONDecodeError) as exc:
                console.print(f"error: {import_file}: {exc}", markup=False, highlight=False)
                raise typer.Exit(code=2) from None
            console.print(f"imported {len(outcome.entries)} corrections", highlight=False)
            return
        rows = (log.orphaned(store.con) if orphaned else
                log.for_event(store.con, event) if event else log.entries(store.con))
        if orphaned and event:
            rows = [r for r in rows if r["event_id"] == event]
    if fmt == "jsonl":
        sys.stdout.write("".join(json.dumps(r, default=str, sort_keys=True) + "\n" for r in rows))
        return
    _table(rows)


def _table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from panj.corrections.entries import short

    table = Table()
    for name in ("id", "when", "who", "event", "change", "note", "state"):
        table.add_column(name, no_wrap=name in ("id", "event"), overflow="fold")
    for r in rows:
        change = r["action"] if r["action"] != "set" else f"{r['field']} = {short(r['after'])}"
        state = r["state"] + (f": {r['reason']}" if r.get("reason") else "")
        table.add_row(*(escape(str(x)) for x in (r["id"], str(r["created_at"])[:19], r["author"],
                                                 r.get("event_id") or "-", change, r["note"], state)))
    Console(width=None if sys.stdout.isatty() else 160).print(table)  # a pipe gets whole ids


def register(app: typer.Typer) -> None:
    app.command()(correct)
    app.command()(merge)
    app.command()(split)
    app.command()(corrections)

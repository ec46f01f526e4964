"""`panj watch` (poll folders and feeds, ingest what is new, serve the dashboard live) and `panj sources`."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def watch(sources: list[str] = typer.Argument(..., help="Folders, files or RSS/Atom feed URLs."),
              every: float = typer.Option(300.0, "--every", min=1.0, help="Seconds between the starts of two polls."),
              serve: bool = typer.Option(False, "--serve", help="Serve the dashboard from this process meanwhile."),
              port: int = typer.Option(8765, help="Dashboard port (127.0.0.1 only)."),
              fetch_articles: bool = typer.Option(False, "--fetch-articles",
                                                  help="Fetch each new feed item's page for its full text."),
              host_delay: Optional[float] = typer.Option(None, min=0.0, help="Seconds between two requests to one "
                                                         "host (default: panj/data/ingest.yaml)."),
              once: bool = typer.Option(False, "--once", help="Poll once, then exit."),
              token: Optional[str] = typer.Option(None, envvar="PANJ_TOKEN",
                                                  help="Dashboard token for state-changing requests.")) -> None:
        """Poll sources, ingest what is new (extract, fuse, refresh alerts), print one line per poll; Ctrl-C or
        SIGTERM stops once the chunk in hand (16 documents at most) is saved, nothing lost."""
        from panj.cli_common import Settings, console
        from panj.ingest.fetch import FetchPolicy
        from panj.store import Store
        from panj.watch.poll import Watcher, wait

        stop = threading.Event()
        with Store(Settings.db) as store, _signals(stop, console), _dashboard(store, serve, port, token, console):
            watcher = Watcher(store, sources, FetchPolicy.configured(host_delay=host_delay), fetch_articles, stop)
            while True:
                began = time.monotonic()
                report = watcher.poll()
                console.print(report.line(), highlight=False, markup=False)
                if once or wait(stop, every - (time.monotonic() - began)):
                    break
        if stop.is_set():
            console.print("stopped; the next run takes up where this one left off", highlight=False)

    @app.command("sources")
    def sources_command() -> None:
        """The sources `panj watch` polls: last poll, last success, last error, items seen and new."""
        import duckdb
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from panj.cli_common import Settings, console
        from panj.store import Store
        from panj.watch import state

        try:
            store = Store(Settings.db)
        except duckdb.IOException:
            console.print(f"{Settings.db} is held by another panj process (a running `panj watch` shows its "
                          "sources on its dashboard's Sources page)", highlight=False, markup=False)
            raise typer.Exit(1) from None
        with store:
            rows = state.rows(store.con)
        if not rows:
            console.print("no sources yet: `panj watch FOLDER_OR_FEED_URL ...` polls some", highlight=False)
            return
        table = Table(title=f"Sources in {Settings.db}")
        for name in ("Source", "Kind", "Title", "Last poll", "Last success", "Status", "Seen", "New", "Total",
                     "Last error"):
            table.add_column(name, overflow="fold")
        for r in rows:
            cells = [r["source"], r["kind"], r["title"], _when(r["last_poll"]), _when(r["last_success"]),
                     r["last_status"] + (f" ({r['failures']} in a row)" if r["failures"] > 1 else ""),
                     r["items_seen"], r["items_new"], r["items_total"],
                     f"{_when(r['last_error_at'])} {r['last_error']}" if r["last_error"] else ""]
            table.add_row(*(Text("" if c is None else str(c)) for c in cells))  # Text: feed titles are not markup
        Console(soft_wrap=False).print(table)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


@contextmanager
def _signals(stop: threading.Event, console) -> Iterator[None]:
    """Ctrl-C or SIGTERM sets `stop` (the watch ends at the next safe point); a second one aborts at once (the
    store's transactions still roll back whatever is half-written)."""
    def handler(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        console.print("stopping once the documents in hand are saved (again to abort now)", highlight=False)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)


@contextmanager
def _dashboard(store, serve: bool, port: int, token: str | None, console) -> Iterator[None]:
    """With `serve`, the dashboard in a thread of this process, reading through cursors of `store`."""
    if not serve:
        yield
        return
    import secrets

    import uvicorn

    from panj.web.app import create_app

    token = token or secrets.token_urlsafe(24)
    server = uvicorn.Server(uvicorn.Config(create_app(store.path, token=token, store=store), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="panj-dashboard", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise typer.BadParameter(f"the dashboard could not listen on 127.0.0.1:{port}", param_hint="--port")
    console.print(f"panj dashboard on http://127.0.0.1:{port}/ (live while watching)", highlight=False)
    console.print(f"write token (send as X-Panj-Token header): {token}", highlight=False)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)

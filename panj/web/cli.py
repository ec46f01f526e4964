"""`panj serve`: the analyst's dashboard over the store (panj/web)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(db: Optional[Path] = typer.Option(None, "--db", help="Store file (default: the global --db)."),
              host: str = typer.Option("127.0.0.1", help="Interface to bind; only loopback unless you say so."),
              port: int = typer.Option(8765, help="TCP port."),
              token: Optional[str] = typer.Option(None, envvar="PANJ_TOKEN",
                                                  help="Token for state-changing requests (random when unset).")) -> None:
        """Serve the dashboard and JSON API (OpenAPI at /openapi.json); offline, read-only without the token."""
        import secrets

        import uvicorn
        from rich.console import Console

        from panj.cli_common import Settings
        from panj.web.app import create_app

        path = db or Settings.db
        token = token or secrets.token_urlsafe(24)
        application = create_app(path, token=token)
        console = Console(stderr=True)
        console.print(f"panj dashboard on http://{host}:{port}/ over {path}", highlight=False)
        console.print(f"write token (send as X-Panj-Token header): {token}", highlight=False)
        if host not in ("127.0.0.1", "localhost", "::1"):
            console.print(f"[yellow]warning[/]: listening on {host}, reachable from other machines", highlight=False)
        uvicorn.run(application, host=host, port=port, log_level="warning")

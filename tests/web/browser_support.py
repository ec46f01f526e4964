"""What the headless-Chromium tests share: where the browser is, why a test skips, a live server, screenshots."""
from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
VENDOR = ROOT / "panj" / "web" / "static" / "vendor" / "d3.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "python playwright is not installed (make browser)"
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed at /usr/bin/chromium (make browser)"
    if not VENDOR.exists():
        return "the dashboard's vendor files are not built (make static)"
    return None


@contextmanager
def live_server(store: Path, workdir: Path) -> Iterator[str]:
    """uvicorn in a thread on a free loopback port, over a copy of `store`."""
    import uvicorn

    from panj.web.app import create_app

    db = workdir / "served.duckdb"
    shutil.copy(store, db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token="t"), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

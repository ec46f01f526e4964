"""A local HTTP server for the watch tests (127.0.0.1, never the internet): feeds with ETag support, slow,
failing and broken ones, and article pages. Texts are written for these tests; the outlets are invented."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from xml.sax.saxutils import escape

from panj.ingest.fetch import FetchPolicy

FAST = FetchPolicy(timeout=0.5, retries=2, backoff=0.01, backoff_max=0.05, host_delay=0.0, user_agent="panj-test")

STORIES = [
    ("Rockets fired at border post", "2022-05-08",
     "Tajik border guards said on Sunday that militants fired rockets at a border post near the Panj River. "
     "No one was hurt, the border service said."),
    ("Talks in Dushanbe", "2022-05-09",
     "Officials of Tajikistan and Uzbekistan met in Dushanbe on Monday to discuss water sharing along the river."),
    ("Troops reinforce the frontier", "2022-05-10",
     "Tajikistan sent additional troops to its border with Afghanistan on Tuesday, the defence ministry said."),
]


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """items: (title, link, day, text)."""
    body = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
                   f"<pubDate>{time.strftime('%a, %d %b %Y 10:00:00 GMT', time.strptime(day, '%Y-%m-%d'))}</pubDate>"
                   f"<description>{escape(text)}</description></item>" for t, link, day, text in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<language>en</language>{body}</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        server: "FeedServer" = self.server.feeds  # type: ignore[attr-defined]
        server.log.append((self.path, self.headers.get("If-None-Match"), time.monotonic()))
        route = server.routes.get(self.path)
        if route is None:
            self.answer(404, b"not found")
            return
        route(self)

    def answer(self, status: int, body: bytes = b"", ctype: str = "text/plain", headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args) -> None:
        pass


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[Handler], None]] = {}
        self.log: list[tuple[str, str | None, float]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.feeds = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> list[tuple[str, str | None, float]]:
        return [h for h in self.log if h[0] == path]

    # -- routes ------------------------------------------------------------------------------------------------
    def feed(self, path: str, body: bytes, etag: str | None = None) -> str:
        """A feed that answers 304 to its own ETag."""
        def route(h: Handler) -> None:
            if etag and h.headers.get("If-None-Match") == etag:
                h.answer(304)
            else:
                h.answer(200, body, "application/rss+xml", {"ETag": etag} if etag else None)
        self.routes[path] = route
        return self.url + path

    def page(self, path: str, html: str) -> str:
        self.routes[path] = lambda h: h.answer(200, html.encode(), "text/html; charset=utf-8")
        return self.url + path

    def status(self, path: str, code: int) -> str:
        self.routes[path] = lambda h: h.answer(code, b"server error")
        return self.url + path

    def slow(self, path: str, seconds: float, body: bytes = b"") -> str:
        def route(h: Handler) -> None:
            time.sleep(seconds)
            h.answer(200, body, "application/rss+xml")
        self.routes[path] = route
        return self.url + path

    def raw(self, path: str, body: bytes) -> str:
        self.routes[path] = lambda h: h.answer(200, body, "application/rss+xml")
        return self.url + path

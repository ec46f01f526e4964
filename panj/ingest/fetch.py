"""HTTP for feed URLs and article pages: timeouts, retries with exponential backoff, conditional GET, a size
limit, and a polite gap between two requests to one host. Settings: `fetch` in panj/data/ingest.yaml.

Why urllib3 (trafilatura's own HTTP library, so nothing more to install): its `Retry` does the backoff, honours
Retry-After, and retries only what may succeed next time (timeouts, refused connections, 429 and 5xx).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.util import Retry, Timeout

from panj.ingest.base import DEFAULT_MAX_BYTES, IngestError

RETRY_STATUSES = (429, 500, 502, 503, 504)
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


def public_or_same_host(url: str, origin: str) -> bool:
    """Whether a link found in a feed may be fetched: on the feed's own host, or on a host every address of which is
    public. A feed is untrusted text; a link in it must not make panj read a private or local service."""
    host = urlsplit(url).hostname
    if not host or urlsplit(url).scheme not in ("http", "https"):
        return False
    if host == urlsplit(origin).hostname:
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


class FetchError(IngestError):
    """A URL that could not be read; the message is the one-line reason."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    backoff_max: float = 30.0
    host_delay: float = 2.0
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = "panj"

    @classmethod
    def configured(cls, **overrides: object) -> "FetchPolicy":
        """The policy of panj/data/ingest.yaml, with `overrides` (None values ignored)."""
        from panj.data import load_yaml

        c = load_yaml("ingest.yaml").get("fetch") or {}
        policy = cls(timeout=float(c.get("timeout_seconds", cls.timeout)), retries=int(c.get("retries", cls.retries)),
                     backoff=float(c.get("backoff_seconds", cls.backoff)),
                     backoff_max=float(c.get("backoff_max_seconds", cls.backoff_max)),
                     host_delay=float(c.get("host_delay_seconds", cls.host_delay)),
                     user_agent=str(c.get("user_agent", cls.user_agent)))
        return replace(policy, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class Fetched:
    url: str
    status: int                     # 200, or 304 when the validators sent still hold
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    location: str | None = None     # a redirect's target, when redirects are followed by the caller

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One connection pool; `stop` (set by Ctrl-C in `panj watch`) cuts a polite wait short."""

    def __init__(self, policy: FetchPolicy, stop: threading.Event | None = None):
        self.policy = policy
        self.stop = stop or threading.Event()
        retry = Retry(total=policy.retries, connect=policy.retries, read=policy.retries, status=policy.retries,
                      backoff_factor=policy.backoff, backoff_max=policy.backoff_max,
                      status_forcelist=RETRY_STATUSES, allowed_methods=["GET"], raise_on_status=False,
                      respect_retry_after_header=True)
        self.pool = urllib3.PoolManager(retries=retry, timeout=Timeout(connect=policy.timeout, read=policy.timeout),
                                        headers={"User-Agent": policy.user_agent})
        self.last_request: dict[str, float] = {}

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            origin: str | None = None) -> Fetched:
        """GET `url`; with a validator, a 304 answer comes back as `not_modified` with no body. With `origin` (the
        feed a link was found in), the link and every redirect must stay on the feed's host or on public
        addresses (`public_or_same_host`)."""
        if origin is None:
            return self._get(url, etag, last_modified, redirect=True)
        for _ in range(MAX_REDIRECTS + 1):
            if not public_or_same_host(url, origin):
                raise FetchError(f"refused: {urlsplit(url).hostname or url} is not the feed's host nor a public "
                                 "address")
            got = self._get(url, etag, last_modified, redirect=False)
            if got.status not in REDIRECTS or not got.location:
                return got
            url = urljoin(url, got.location)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get(self, url: str, etag: str | None, last_modified: str | None, redirect: bool) -> Fetched:
        self._pace(urlsplit(url).netloc)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            r = self.pool.request("GET", url, headers=headers, preload_content=False, redirect=redirect)
        except urllib3.exceptions.MaxRetryError as e:
            raise FetchError(_reason(e.reason) + _after(self.policy.retries)) from None
        except (urllib3.exceptions.HTTPError, ValueError) as e:
            raise FetchError(_reason(e)) from None
        finally:
            self.last_request[urlsplit(url).netloc] = time.monotonic()
        try:
            if r.status == 304:
                return Fetched(url, 304, b"", etag, last_modified)
            if not redirect and r.status in REDIRECTS:
                return Fetched(url, r.status, b"", location=r.headers.get("Location"))
            if r.status >= 400:
                tries = len(r.retries.history) if r.retries is not None else 0
                raise FetchError(f"HTTP {r.status} {r.reason or ''}".strip() + _after(tries))
            body = self._read(r)
            return Fetched(r.geturl() or url, r.status, body, r.headers.get("ETag"), r.headers.get("Last-Modified"),
                           r.headers.get("Content-Type"))
        except urllib3.exceptions.HTTPError as e:
            raise FetchError(_reason(e)) from None
        finally:
            r.release_conn()

    def _read(self, r: urllib3.BaseHTTPResponse) -> bytes:
        limit = self.policy.max_bytes
        chunks, size = [], 0
        for chunk in r.stream(65536):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"answer too large (> limit {limit:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _pace(self, host: str) -> None:
        last = self.last_request.get(host)
        if last is not None:
            wait = last + self.policy.host_delay - time.monotonic()
            if wait > 0:
                self.stop.wait(wait)


def _after(retries: int) -> str:
    return f" (after {retries} {'retry' if retries == 1 else 'retries'})" if retries else ""


def _reason(e: BaseException | None) -> str:
    """urllib3's reasons carry the pool's repr; keep the part a person reads."""
    if isinstance(e, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError
        return "connection failed: " + str(e).rsplit(":", 1)[-1].strip()
    if isinstance(e, urllib3.exceptions.ReadTimeoutError):
        return "timed out reading the answer"
    if isinstance(e, urllib3.exceptions.ConnectTimeoutError):
        return "timed out connecting"
    if isinstance(e, urllib3.exceptions.ResponseError):
        return str(e)
    if isinstance(e, urllib3.exceptions.ProtocolError):
        return "connection broken"
    return str(e).splitlines()[0] if e else "request failed"

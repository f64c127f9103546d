"""All fetching goes through one `Fetcher`: one session, timeouts, retries, a size cap, pacing.

`Fetcher.fetch()` never raises for a network or HTTP problem: it returns a `FetchResult` whose
`error` says what went wrong, so a report can list failures instead of stopping at the first.
"""

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.util.retry import Retry

from .snapshots import SnapshotStore

# The contact URL is a placeholder until the project has a public home; change it there, so a
# site operator who sees our requests in a log knows who to write to.
CONTACT_URL = "https://github.com/ketamine-law/ketamine-law"
USER_AGENT = f"ketamine-law-checker/0.1 (+{CONTACT_URL}; re-checks cited legal sources)"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,application/json;q=0.8,*/*;q=0.5"
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    """Give up on a body that is still arriving after this many seconds."""
    retries: int = 3
    backoff_factor: float = 1.0
    """urllib3 back-off: sleeps 0, 2×, 4× this many seconds before the 1st, 2nd, 3rd retry."""
    max_retry_after: float = 60.0
    """A server's Retry-After is obeyed up to this many seconds."""
    max_bytes: int = 20 * 1024 * 1024
    min_interval: float = 2.0
    """Seconds between the end of one request to a host and the start of the next."""
    max_redirects: int = 10
    user_agent: str = USER_AGENT


OFFLINE_POLICY = FetchPolicy(retries=0, backoff_factor=0.0, min_interval=0.0)
"""For recorded responses: nothing to be polite to, nothing to wait for."""


@dataclass(frozen=True)
class Redirect:
    """One hop of a redirect chain."""

    url: str
    status: int
    location: str


@dataclass(frozen=True)
class FetchResult:
    """What one fetch produced; `error` is None exactly when a 2xx body was read in full."""

    url: str
    final_url: str
    fetched_at: str
    status: Optional[int] = None
    content_type: Optional[str] = None
    body: bytes = b""
    sha256: Optional[str] = None
    redirects: tuple[Redirect, ...] = ()
    error: Optional[str] = None
    error_kind: Optional[str] = None
    """connection, timeout, http, too_large, redirects, invalid_url, body or None."""
    snapshot: Optional[str] = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> dict:
        """Everything but the body, for a JSON report."""
        return {
            "url": self.url, "final_url": self.final_url, "fetched_at": self.fetched_at,
            "http_status": self.status, "content_type": self.content_type, "content_hash": self.sha256,
            "bytes": len(self.body), "redirects": [vars(r) for r in self.redirects],
            "error": self.error, "error_kind": self.error_kind, "snapshot": self.snapshot,
            "notes": list(self.notes),
        }


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _PoliteRetry(Retry):
    """urllib3 Retry whose Retry-After is capped and whose sleeping can be replaced in tests."""

    max_retry_after = 60.0
    sleep_function: Callable[[float], None] = staticmethod(time.sleep)

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)

    def sleep(self, response=None):
        if self.respect_retry_after_header and response is not None:
            seconds = self.get_retry_after(response)
            if seconds:
                self.sleep_function(seconds)
                return
        backoff = self.get_backoff_time()
        if backoff > 0:
            self.sleep_function(backoff)


def build_retry(policy: FetchPolicy, sleep: Callable[[float], None] = time.sleep) -> Retry:
    """The Retry for a policy: back-off on 429/5xx and connection errors, idempotent methods only."""
    retry_class = type("PoliteRetry", (_PoliteRetry,), {
        "max_retry_after": policy.max_retry_after, "sleep_function": staticmethod(sleep)})
    return retry_class(
        total=policy.retries, connect=policy.retries, read=policy.retries, status=policy.retries,
        other=0, redirect=False, backoff_factor=policy.backoff_factor,
        status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True, raise_on_status=False,
    )


def describe_exception(exc: requests.exceptions.RequestException, policy: FetchPolicy) -> tuple[str, str]:
    """(kind, one-line reason) for a requests failure, without urllib3's nested reprs."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "timeout", f"could not connect within {policy.connect_timeout:g} s (connect timeout)"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "timeout", f"no data for {policy.read_timeout:g} s (read timeout)"
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "redirects", f"more than {policy.max_redirects} redirects"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return "invalid_url", f"invalid URL: {exc}"
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return "body", f"broken response body: {_innermost(exc)}"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection", f"could not connect: {_innermost(exc)}"
    return "connection", f"{type(exc).__name__}: {_innermost(exc)}"


def _innermost(exc: BaseException) -> str:
    reason: object = exc.args[0] if exc.args else exc
    if isinstance(reason, urllib3.exceptions.MaxRetryError) and reason.reason is not None:
        reason = reason.reason
    text = (str(reason).strip().splitlines() or [""])[0]
    if isinstance(reason, BaseException) and type(reason).__name__ not in text:
        text = f"{type(reason).__name__}: {text}"
    return text if len(text) <= 300 else text[:297] + "..."


class Fetcher:
    """One requests.Session with the project's fetching rules; use as a context manager."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), *, snapshots: Optional[SnapshotStore] = None,
                 adapter: Optional[BaseAdapter] = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, now: Callable[[], str] = utc_now):
        self.policy = policy
        self.snapshots = snapshots
        self._clock, self._sleep, self._now = clock, sleep, now
        self._last_request: dict[str, float] = {}
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": policy.user_agent, "Accept": ACCEPT})
        self.session.max_redirects = policy.max_redirects
        adapter = adapter if adapter is not None else HTTPAdapter(max_retries=build_retry(policy, sleep))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def now(self) -> str:
        """The current time as the fetcher stamps results (UTC, ISO 8601)."""
        return self._now()

    def _pace(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.policy.min_interval - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _read(self, response: requests.Response) -> tuple[bytes, Optional[str]]:
        """Read the body up to the cap; return (body, error)."""
        cap = self.policy.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            return b"", f"response body of {int(declared)} bytes is over the {cap}-byte cap; not downloaded"
        chunks, size, started = [], 0, self._clock()
        for chunk in response.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > cap:
                return b"", f"response body passed the {cap}-byte cap; download aborted"
            if self._clock() - started > self.policy.total_timeout:
                return b"", f"body still arriving after {self.policy.total_timeout:g} s; download aborted"
            chunks.append(chunk)
        return b"".join(chunks), None

    def fetch(self, url: str) -> FetchResult:
        """GET one URL; every failure comes back as a FetchResult with `error` set."""
        fetched_at = self._now()
        host = urlsplit(url).hostname
        if urlsplit(url).scheme not in ("http", "https") or not host:
            return FetchResult(url, url, fetched_at, error="invalid URL: not an http(s) address",
                               error_kind="invalid_url")
        self._pace(host)
        try:
            with self.session.get(url, stream=True, allow_redirects=True,
                                  timeout=(self.policy.connect_timeout, self.policy.read_timeout)) as response:
                redirects = tuple(Redirect(r.url, r.status_code, r.headers.get("Location", ""))
                                  for r in response.history)
                status, reason = response.status_code, response.reason or ""
                content_type, final_url = response.headers.get("Content-Type"), response.url
                body, too_large = self._read(response)
        except requests.exceptions.RequestException as exc:
            kind, message = describe_exception(exc, self.policy)
            return FetchResult(url, url, fetched_at, error=message, error_kind=kind)
        finally:
            self._last_request[host] = self._clock()
        common = dict(url=url, final_url=final_url, fetched_at=fetched_at, status=status,
                      content_type=content_type, redirects=redirects)
        if too_large is not None:
            return FetchResult(**common, error=too_large, error_kind="too_large")
        if not 200 <= status < 300:
            return FetchResult(**common, body=body, error=f"HTTP {status} {reason}".strip(), error_kind="http")
        result = FetchResult(**common, body=body, sha256=hashlib.sha256(body).hexdigest())
        return self._snapshot(result)

    def _snapshot(self, result: FetchResult) -> FetchResult:
        if self.snapshots is None:
            return result
        try:
            path = self.snapshots.save(result.url, result.body, result.sha256, result.content_type, result.fetched_at)
        except OSError as exc:
            return FetchResult(**{**vars(result), "notes": result.notes + (f"snapshot not saved: {exc}",)})
        return FetchResult(**{**vars(result), "snapshot": str(path)})

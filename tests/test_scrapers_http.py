import gzip
import hashlib
from pathlib import Path

import pytest
import requests
import responses
from responses.registries import OrderedRegistry
from urllib3 import HTTPResponse

from scrapers.http import CONTACT_URL, USER_AGENT, Fetcher, FetchPolicy, Redirect, build_retry
from scrapers.snapshots import SnapshotStore

FAST = FetchPolicy(backoff_factor=0.0, min_interval=0.0)
URL = "https://example.org/page"


class FakeTime:
    """A clock and a sleep that only move when told to."""

    def __init__(self):
        self.now, self.sleeps = 100.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fetch(url: str = URL, policy: FetchPolicy = FAST, **kwargs):
    with Fetcher(policy, now=lambda: "2026-11-28T12:00:00Z", **kwargs) as fetcher:
        return fetcher.fetch(url)


@responses.activate
def test_a_page_is_read_hashed_and_typed():
    responses.get(URL, body=b"hello", content_type="text/plain")
    result = fetch()
    assert (result.ok, result.status, result.body, result.content_type) == (True, 200, b"hello", "text/plain")
    assert result.sha256 == hashlib.sha256(b"hello").hexdigest()
    assert (result.final_url, result.redirects, result.fetched_at) == (URL, (), "2026-11-28T12:00:00Z")


@responses.activate
def test_the_user_agent_names_the_project_and_a_contact():
    responses.get(URL, body=b"x")
    fetch()
    sent = responses.calls[0].request.headers["User-Agent"]
    assert sent == USER_AGENT
    assert CONTACT_URL in sent


@responses.activate
def test_404_is_a_value_not_an_exception():
    responses.get(URL, status=404, body=b"gone")
    result = fetch()
    assert (result.ok, result.status, result.error, result.error_kind, result.sha256) == (
        False, 404, "HTTP 404 Not Found", "http", None)


@responses.activate(registry=OrderedRegistry)
def test_500_then_success_on_retry():
    responses.get(URL, status=500)
    responses.get(URL, body=b"second time lucky")
    result = fetch()
    assert (result.ok, result.body) == (True, b"second time lucky")
    assert len(responses.calls) == 2


@responses.activate(registry=OrderedRegistry)
def test_429_with_retry_after_is_retried():
    responses.get(URL, status=429, headers={"Retry-After": "1"})
    responses.get(URL, body=b"ok")
    assert fetch().ok
    assert len(responses.calls) == 2


@responses.activate(registry=OrderedRegistry)
def test_a_server_that_keeps_failing_is_reported_after_the_retries():
    for _ in range(4):
        responses.get(URL, status=503)
    result = fetch()
    assert (result.status, result.error, result.error_kind) == (503, "HTTP 503 Service Unavailable", "http")
    assert len(responses.calls) == 4  # the first try and three retries


@pytest.mark.parametrize("exception, kind, message", [
    (requests.exceptions.ReadTimeout("slow"), "timeout", "no data for 30 s (read timeout)"),
    (requests.exceptions.ConnectTimeout("slow"), "timeout", "could not connect within 10 s (connect timeout)"),
    (requests.exceptions.ConnectionError("Name or service not known"), "connection",
     "could not connect: Name or service not known"),
])
@responses.activate
def test_timeouts_and_connection_errors_are_values(exception, kind, message):
    responses.get(URL, body=exception)
    result = fetch()
    assert (result.ok, result.status, result.error_kind, result.error) == (False, None, kind, message)


@responses.activate
def test_a_declared_oversized_body_is_not_downloaded():
    responses.get(URL, body=b"x" * 2000, headers={"Content-Length": "2000"})
    result = fetch(policy=FetchPolicy(backoff_factor=0.0, min_interval=0.0, max_bytes=1000))
    assert (result.error_kind, result.error, result.body) == (
        "too_large", "response body of 2000 bytes is over the 1000-byte cap; not downloaded", b"")


@responses.activate
def test_an_undeclared_oversized_body_is_aborted_while_streaming():
    responses.get(URL, body=b"x" * 200_000)
    result = fetch(policy=FetchPolicy(backoff_factor=0.0, min_interval=0.0, max_bytes=100_000))
    assert (result.error_kind, result.error, result.status) == (
        "too_large", "response body passed the 100000-byte cap; download aborted", 200)


@responses.activate
def test_redirects_are_followed_and_recorded():
    responses.get(URL, status=301, headers={"Location": "https://example.org/moved"})
    responses.get("https://example.org/moved", body=b"here")
    result = fetch()
    assert (result.ok, result.url, result.final_url) == (True, URL, "https://example.org/moved")
    assert result.redirects == (Redirect(URL, 301, "https://example.org/moved"),)


@responses.activate
def test_a_redirect_loop_is_a_value():
    responses.get(URL, status=302, headers={"Location": "https://example.org/b"})
    responses.get("https://example.org/b", status=302, headers={"Location": URL})
    result = fetch(policy=FetchPolicy(backoff_factor=0.0, min_interval=0.0, max_redirects=3))
    assert (result.error_kind, result.error) == ("redirects", "more than 3 redirects")


@pytest.mark.parametrize("url", ["ftp://example.org/file", "example.org/no-scheme", "https://"])
def test_a_url_that_is_not_http_is_refused_without_a_request(url):
    result = fetch(url)
    assert (result.error_kind, result.error) == ("invalid_url", "invalid URL: not an http(s) address")


@responses.activate
def test_requests_to_one_host_are_spaced_out():
    for path in ("a", "b"):
        responses.get(f"https://example.org/{path}", body=b"x")
    responses.get("https://other.example/c", body=b"x")
    time = FakeTime()
    with Fetcher(FetchPolicy(min_interval=2.0), clock=time.clock, sleep=time.sleep) as fetcher:
        fetcher.fetch("https://example.org/a")
        fetcher.fetch("https://other.example/c")
        fetcher.fetch("https://example.org/b")
        fetcher.fetch("https://example.org/a")
    assert time.sleeps == [2.0, 2.0]


def test_back_off_doubles_and_retry_after_is_capped():
    time = FakeTime()
    retry = build_retry(FetchPolicy(backoff_factor=1.0, max_retry_after=60.0), sleep=time.sleep)
    for _ in range(2):
        retry = retry.increment("GET", "/", response=HTTPResponse(status=503))
    retry.sleep()
    retry.sleep(HTTPResponse(status=429, headers={"Retry-After": "9999"}))
    assert time.sleeps == [2.0, 60.0]


@responses.activate
def test_a_good_body_is_snapshotted(tmp_path):
    responses.get(URL, body=b"<p>law</p>", content_type="text/html")
    result = fetch(snapshots=SnapshotStore(tmp_path))
    assert gzip.decompress(Path(result.snapshot).read_bytes()) == b"<p>law</p>"
    assert SnapshotStore(tmp_path).index()[URL] == [
        {"sha256": result.sha256, "fetched_at": "2026-11-28T12:00:00Z", "content_type": "text/html"}]


@responses.activate
def test_an_error_page_is_not_snapshotted(tmp_path):
    responses.get(URL, status=500, body=b"oops")
    result = fetch(policy=FetchPolicy(retries=0, min_interval=0.0), snapshots=SnapshotStore(tmp_path))
    assert (result.snapshot, SnapshotStore(tmp_path).index()) == (None, {})

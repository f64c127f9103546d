import json

import pytest

from scrapers.http import OFFLINE_POLICY, Fetcher, Redirect
from scrapers.replay import RecordingError, ReplayAdapter, canonical_url


def recording(tmp_path, responses):
    (tmp_path / "recorded.json").write_text(json.dumps({"responses": responses}))
    return tmp_path


def fetch(folder, url):
    with Fetcher(OFFLINE_POLICY, adapter=ReplayAdapter(folder)) as fetcher:
        return fetcher.fetch(url)


def test_a_recorded_body_headers_and_redirect_are_replayed(tmp_path):
    (tmp_path / "page.html").write_bytes(b"<p>law</p>")
    folder = recording(tmp_path, [
        {"url": "https://example.org/old", "status": 301, "headers": {"Location": "https://example.org/new"}},
        {"url": "https://example.org/new", "status": 200, "headers": {"Content-Type": "text/html"}, "body": "page.html"},
    ])
    result = fetch(folder, "https://example.org/old")
    assert (result.ok, result.body, result.content_type, result.final_url) == (
        True, b"<p>law</p>", "text/html", "https://example.org/new")
    assert result.redirects == (Redirect("https://example.org/old", 301, "https://example.org/new"),)


def test_an_unrecorded_url_fails_like_an_unreachable_host(tmp_path):
    result = fetch(recording(tmp_path, []), "https://example.org/x")
    assert (result.error_kind, result.error) == (
        "connection", "could not connect: no recorded response for https://example.org/x (offline replay)")


@pytest.mark.parametrize("error, kind", [("timeout", "timeout"), ("connect_timeout", "timeout"), ("connection", "connection")])
def test_recorded_failures(tmp_path, error, kind):
    result = fetch(recording(tmp_path, [{"url": "https://example.org/x", "error": error}]), "https://example.org/x")
    assert result.error_kind == kind


def test_urls_are_matched_as_requests_sends_them():
    assert canonical_url('https://api.example/x.json?search=a:"B"&limit=1') == \
        "https://api.example/x.json?search=a:%22B%22&limit=1"


@pytest.mark.parametrize("content, message", [
    (None, "not a recording index"),
    ("{}", "not a recording index"),
    ('{"responses": [{"status": 200}]}', "every response needs a 'url' string"),
])
def test_a_malformed_recording_is_a_named_error(tmp_path, content, message):
    if content is not None:
        (tmp_path / "recorded.json").write_text(content)
    with pytest.raises(RecordingError, match=message):
        ReplayAdapter(tmp_path)

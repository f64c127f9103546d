"""Answer requests from recorded responses on disk, so verify and watch can run with no network.

A recording folder holds `recorded.json` and the body files it names:

    {"responses": [
      {"url": "https://example.org/a", "status": 200,
       "headers": {"Content-Type": "text/html; charset=utf-8"}, "body": "a.html"},
      {"url": "https://example.org/old", "status": 301, "headers": {"Location": "https://example.org/a"}},
      {"url": "https://example.org/slow", "error": "timeout"}
    ]}

A URL that is not recorded fails like an unreachable host, never by touching the network.
"""

import io
import json
from pathlib import Path

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPHeaderDict, HTTPResponse

ERRORS = {
    "timeout": requests.exceptions.ReadTimeout,
    "connect_timeout": requests.exceptions.ConnectTimeout,
    "connection": requests.exceptions.ConnectionError,
}


class RecordingError(Exception):
    """A recording folder is missing or malformed."""


def canonical_url(url: str) -> str:
    """The URL as requests will send it, so recorded and requested URLs compare equal."""
    return requests.Request("GET", url).prepare().url


class ReplayAdapter(BaseAdapter):
    """A requests transport adapter serving recorded responses."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = Path(folder)
        index = self.folder / "recorded.json"
        try:
            entries = json.loads(index.read_text(encoding="utf-8"))["responses"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RecordingError(f"{index}: not a recording index ({exc})") from None
        self.responses = {}
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                raise RecordingError(f"{index}: every response needs a 'url' string, got {entry!r}")
            self.responses[canonical_url(entry["url"])] = entry
        self._builder = HTTPAdapter()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        entry = self.responses.get(request.url)
        if entry is None:
            raise requests.exceptions.ConnectionError(
                f"no recorded response for {request.url} (offline replay)", request=request)
        if "error" in entry:
            error = ERRORS.get(entry["error"])
            if error is None:
                raise RecordingError(f"unknown recorded error {entry['error']!r}; use one of {sorted(ERRORS)}")
            raise error(f"recorded {entry['error']} for {request.url}", request=request)
        body = b""
        if entry.get("body") is not None:
            try:
                body = (self.folder / entry["body"]).read_bytes()
            except OSError as exc:
                raise RecordingError(f"recorded body for {request.url} is not readable: {exc}") from None
        headers = HTTPHeaderDict(entry.get("headers") or {})
        raw = HTTPResponse(body=io.BytesIO(body), headers=headers, status=int(entry.get("status", 200)),
                           reason=entry.get("reason"), preload_content=False, decode_content=True,
                           request_method=request.method, request_url=request.url)
        return self._builder.build_response(request, raw)

    def close(self):
        self._builder.close()

"""Serve repeated GET requests from memory: the database is immutable while serving, so a rendered
response stays right until the database file or the date changes."""

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict
from typing import Callable, Iterable

CACHEABLE_STATUS = {200, 404}
MAX_BODY = 2 * 1024 * 1024


class ResponseCache:
    """WSGI middleware: an LRU of complete responses keyed by path, query, database file and date."""

    def __init__(self, app: Callable, database: str, max_entries: int = 4096):
        self.app = app
        self.database = database
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _key(self, environ) -> tuple:
        try:
            stat = os.stat(self.database)
            fingerprint = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            fingerprint = None
        return (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), fingerprint, dt.date.today())

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        key = self._key(environ)
        if key[2] is None:  # no database: never cache the error
            return self.app(environ, start_response)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
        if entry is not None:
            return self._replay(entry, environ, start_response, method)
        self.misses += 1
        return self._record(key, environ, start_response, method)

    def _replay(self, entry, environ, start_response, method):
        status, headers, body, etag = entry
        if etag and etag in _etags(environ.get("HTTP_IF_NONE_MATCH", "")):
            keep = [(k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")]
            start_response("304 NOT MODIFIED", keep)
            return [b""]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def _record(self, key, environ, start_response, method):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        code = int(captured["status"].split()[0])
        if method == "GET" and code in CACHEABLE_STATUS and len(body) <= MAX_BODY:
            headers = list(captured["headers"])
            etag = next((v for k, v in headers if k.lower() == "etag"), None)
            with self._lock:
                self._entries[key] = (captured["status"], headers, body, etag)
                if len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return [body]


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def etag_for(version: str, body: bytes) -> str:
    """A strong ETag from the dataset version and the body: it changes when either does."""
    return '"' + f"{version}-" + hashlib.sha256(body).hexdigest()[:16] + '"'

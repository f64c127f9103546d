"""Fetched bodies kept gzip-compressed under a cache folder, keyed by SHA-256, with a small index.

Layout (default `.cache/snapshots/`, git-ignored):

    objects/ab/abcdef….gz   one file per distinct body (gzip with a fixed mtime: same body, same file)
    index.json              {url: [{"sha256", "fetched_at", "content_type"}, …]}, oldest first

A body is stored once however many URLs or runs fetched it. The index keeps the last
`keep` distinct versions of each URL, so a changed page can be diffed against the last good copy.
"""

import difflib
import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import Optional


class SnapshotError(Exception):
    """The snapshot cache could not be read."""


class SnapshotStore:
    """A content-addressed cache of fetched bodies."""

    def __init__(self, root: Path, keep: int = 5):
        self.root = Path(root)
        self.keep = keep

    @property
    def index_path(self) -> Path:
        return self.root / "index.json"

    def object_path(self, sha256: str) -> Path:
        return self.root / "objects" / sha256[:2] / f"{sha256}.gz"

    def index(self) -> dict[str, list[dict]]:
        if not self.index_path.exists():
            return {}
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SnapshotError(f"{self.index_path} is not readable JSON: {exc}") from None
        if not isinstance(data, dict):
            raise SnapshotError(f"{self.index_path} must hold a JSON object keyed by URL")
        return data

    def save(self, url: str, body: bytes, sha256: str, content_type: Optional[str], fetched_at: str) -> Path:
        """Store a body (once per hash) and record it as the latest version of url."""
        path = self.object_path(sha256)
        if not path.exists():
            _atomic_write(path, gzip.compress(body, mtime=0))
        try:
            index = self.index()
        except SnapshotError:
            index = {}  # a damaged index only loses history; the objects are still there
        versions = [v for v in index.get(url, []) if v.get("sha256") != sha256]
        versions.append({"sha256": sha256, "fetched_at": fetched_at, "content_type": content_type})
        index[url] = versions[-self.keep:]
        _atomic_write(self.index_path, (json.dumps(index, indent=2, sort_keys=True) + "\n").encode())
        return path

    def load(self, sha256: str) -> Optional[bytes]:
        """The body with this hash, or None when it is not in the cache."""
        path = self.object_path(sha256)
        if not path.exists():
            return None
        try:
            return gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise SnapshotError(f"{path} is not a readable gzip file: {exc}") from None

    def previous(self, url: str, sha256: str) -> Optional[dict]:
        """The latest stored version of url whose hash differs from sha256."""
        for version in reversed(self.index().get(url, [])):
            if version.get("sha256") != sha256:
                return version
        return None


def text_diff(old: str, new: str, old_label: str, new_label: str, max_lines: int = 60) -> list[str]:
    """A unified diff of two extracted texts, one sentence-ish chunk per line, cut at max_lines."""
    lines = list(difflib.unified_diff(_lines(old), _lines(new), old_label, new_label, n=1, lineterm=""))
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"... ({len(lines) - max_lines} more diff lines)"]
    return lines


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(". ", ".\n").splitlines() if line.strip()]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

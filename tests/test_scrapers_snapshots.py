import gzip
import hashlib

import pytest

from scrapers.snapshots import SnapshotError, SnapshotStore, text_diff


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def test_a_body_is_stored_once_compressed_and_indexed(tmp_path):
    store = SnapshotStore(tmp_path)
    path = store.save("https://example.org/a", b"v1", sha(b"v1"), "text/html", "2026-01-01T00:00:00Z")
    store.save("https://example.org/b", b"v1", sha(b"v1"), "text/html", "2026-01-02T00:00:00Z")
    assert path == tmp_path / "objects" / sha(b"v1")[:2] / f"{sha(b'v1')}.gz"
    assert gzip.decompress(path.read_bytes()) == b"v1"
    assert len(list((tmp_path / "objects").rglob("*.gz"))) == 1
    assert store.load(sha(b"v1")) == b"v1"
    assert sorted(store.index()) == ["https://example.org/a", "https://example.org/b"]


def test_the_last_good_copy_of_a_changed_page(tmp_path):
    store = SnapshotStore(tmp_path, keep=2)
    for n, body in enumerate([b"v1", b"v2", b"v3"]):
        store.save("https://example.org/a", body, sha(body), "text/plain", f"2026-01-0{n + 1}T00:00:00Z")
    assert [v["sha256"] for v in store.index()["https://example.org/a"]] == [sha(b"v2"), sha(b"v3")]
    assert store.previous("https://example.org/a", sha(b"v3"))["sha256"] == sha(b"v2")
    assert store.previous("https://example.org/new", sha(b"v3")) is None
    assert store.load(sha(b"never stored")) is None


def test_a_damaged_index_is_reported_on_read_and_replaced_on_save(tmp_path):
    store = SnapshotStore(tmp_path)
    store.index_path.write_text("{not json")
    with pytest.raises(SnapshotError, match="index.json is not readable JSON"):
        store.index()
    store.save("https://example.org/a", b"v1", sha(b"v1"), None, "2026-01-01T00:00:00Z")
    assert list(store.index()) == ["https://example.org/a"]


def test_text_diff():
    diff = text_diff("Ketamine is Class C. It is a medicine.", "Ketamine is Class B. It is a medicine.", "old", "new")
    assert diff == ["--- old", "+++ new", "@@ -1,2 +1,2 @@", "-Ketamine is Class C.", "+Ketamine is Class B.",
                    " It is a medicine."]


def test_text_diff_is_cut():
    old = ". ".join(f"line {n}" for n in range(100))
    assert text_diff(old, "", "old", "new", max_lines=5)[-1] == "... (98 more diff lines)"

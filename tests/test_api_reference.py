"""/v1/substances, /healthz, headers, HEAD, and the offline docs page."""

import re

import pytest

from conftest import assert_problem


def test_substances(client):
    items = client.get("/v1/substances").get_json()["items"]
    assert [(s["id"], s["cas"], s["synonyms"]) for s in items] == [
        ("esketamine", None, []), ("ketamine", "6740-88-1", ["CI-581"])]


def test_healthz(client):
    r = client.get("/healthz")
    body = r.get_json()
    assert body["status"] == "ok" and body["built_at"] == "2026-09-21T14:13:20Z"
    assert body["counts"]["statuses"] == 5 and body["counts"]["jurisdictions"] == 252
    assert r.headers["Cache-Control"] == "no-cache"


def test_healthz_without_database(tmp_path):
    from service.api import create_app

    client = create_app({"DATABASE": str(tmp_path / "none.db"), "TESTING": True}).test_client()
    assert_problem(client.get("/healthz"), 503, "the database has not been built")


@pytest.mark.parametrize("path", ["/v1/jurisdictions/GB", "/v1/statuses", "/v1/changes", "/healthz",
                                  "/v1/jurisdictions/NOPE"])
def test_security_headers_everywhere(client, path):
    r = client.get(path)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["X-Dataset-Version"]


def test_head_works(client):
    get, head = client.get("/v1/jurisdictions/GB"), client.head("/v1/jurisdictions/GB")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == get.headers["ETag"]


def test_etag_changes_with_dataset_version(data_dir, tmp_path, monkeypatch):
    from service.api import create_app
    from service.build import build_database

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    db = tmp_path / "k.db"
    build_database(data_dir, db)
    first = create_app({"DATABASE": str(db)}).test_client().get("/v1/substances").headers["ETag"]
    (data_dir / "jurisdictions/GB.yml").write_text(
        (data_dir / "jurisdictions/GB.yml").read_text().replace("Ketamine was a Class C drug.", "Was Class C."))
    build_database(data_dir, db)
    second = create_app({"DATABASE": str(db)}).test_client().get("/v1/substances").headers["ETag"]
    assert first != second  # same body, new dataset version


def test_docs_page_works_offline(client):
    html = client.get("/docs").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        with client.get(url) as asset:
            assert asset.status_code == 200, url
    assert "'self'" in client.get("/docs").headers["Content-Security-Policy"]


def test_openapi_has_examples(client):
    spec = client.get("/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        if path in ("/healthz", "/v1/changes.atom"):
            continue
        content = operations["get"]["responses"]["200"]["content"]["application/json"]
        assert "example" in content, path

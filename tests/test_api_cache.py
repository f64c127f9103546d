"""The response cache in front of the API (what gunicorn serves)."""

import pytest
from werkzeug.test import Client

from service.api import create_app
from service.api.cache import ResponseCache


@pytest.fixture
def cached(built_db):
    app = ResponseCache(create_app({"DATABASE": str(built_db)}), str(built_db))
    return app, Client(app)


def test_second_request_is_served_from_cache(cached):
    app, client = cached
    first = client.get("/v1/jurisdictions/GB")
    second = client.get("/v1/jurisdictions/GB")
    assert (app.misses, app.hits) == (1, 1)
    assert first.get_data() == second.get_data()
    assert first.headers == second.headers


def test_cached_304_and_head(cached):
    app, client = cached
    etag = client.get("/v1/jurisdictions/GB").headers["ETag"]
    not_modified = client.get("/v1/jurisdictions/GB", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == etag
    head = client.head("/v1/jurisdictions/GB")
    assert head.status_code == 200 and head.get_data() == b""
    assert app.hits == 2


def test_query_string_is_part_of_the_key(cached):
    app, client = cached
    a = client.get("/v1/jurisdictions/GB/ketamine?as_of=2010-01-01").get_json()["status"]["schedule_label"]
    b = client.get("/v1/jurisdictions/GB/ketamine?as_of=2020-01-01").get_json()["status"]["schedule_label"]
    assert (a, b) == ("Class C", "Class B")


def test_errors_other_than_404_are_not_cached(cached):
    app, client = cached
    client.get("/v1/statuses?as_of=bad")
    client.get("/v1/statuses?as_of=bad")
    assert app.hits == 0


def test_rebuilt_database_invalidates(cached, built_db, data_dir):
    from service.build import build_database

    app, client = cached
    before = client.get("/v1/jurisdictions/GB").get_json()["current"]["ketamine"]["summary"]
    path = data_dir / "jurisdictions/GB.yml"
    path.write_text(path.read_text().replace("Ketamine is a Class B drug.", "Ketamine is Class B."))
    build_database(data_dir, built_db)
    after = client.get("/v1/jurisdictions/GB").get_json()["current"]["ketamine"]["summary"]
    assert (before, after) == ("Ketamine is a Class B drug.", "Ketamine is Class B.")


def test_cache_is_bounded(built_db):
    app = ResponseCache(create_app({"DATABASE": str(built_db)}), str(built_db), max_entries=3)
    client = Client(app)
    for code in ("GB", "FR", "DE", "US", "JP"):
        client.get(f"/v1/jurisdictions/{code}")
    assert len(app._entries) == 3


def test_post_passes_through(cached):
    app, client = cached
    assert client.post("/v1/jurisdictions/GB").status_code == 405
    assert app.hits == app.misses == 0

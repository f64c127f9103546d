import shutil
from pathlib import Path

import pytest

from service.api import create_app
from service.build import build_database

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A writable copy of the small test dataset."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def built_db(data_dir, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    path = tmp_path / "ketamine.db"
    build_database(data_dir, path)
    return path


@pytest.fixture
def app(built_db):
    return create_app({"DATABASE": str(built_db), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def assert_problem(response, status: int, *fragments: str) -> dict:
    """Pin the one error shape every API error uses (RFC 9457 problem+json)."""
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    for fragment in fragments:
        assert fragment in body["detail"]
    return body

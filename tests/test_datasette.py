"""Datasette serves the built database with metadata.yml: tables, views and canned queries."""

import asyncio

import pytest
import yaml
from datasette.app import Datasette

from conftest import REPO


@pytest.fixture
def datasette(built_db):
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    return Datasette(immutables=[str(built_db)], metadata=metadata,
                     settings={"sql_time_limit_ms": 1000, "max_returned_rows": 1000})


def get(ds, path):
    return asyncio.run(ds.client.get(path))


@pytest.mark.parametrize("table", ["current_status", "changes", "statuses", "approvals", "sources",
                                   "citations", "jurisdictions", "substances", "source_checks"])
def test_tables_served(datasette, table):
    r = get(datasette, f"/ketamine/{table}.json?_shape=array&_size=1")
    assert r.status_code == 200, r.text


def test_metadata_applied(datasette):
    r = get(datasette, "/ketamine/current_status.json?_facet=control_status&jurisdiction=GB")
    body = r.json()
    assert body["rows"]
    html = get(datasette, "/").text
    assert "Not legal advice" in html


QUERIES = {
    "country": ("?code=gb", lambda rows: {r["substance"] for r in rows} == {"ketamine", "esketamine"}),
    "esketamine_approvals": ("", lambda rows: [r["product"] for r in rows] == ["Test nasal spray"]),
    "changes_since": ("?since=2010-01-01", lambda rows: [(r["substance"], r["date"]) for r in rows] == [
        ("ketamine", "2014-06-10"), ("esketamine", "2014")]),
    "ketamine_not_drug_controlled": ("", lambda rows: [r["jurisdiction"] for r in rows] == ["INT"]),
    "secondary_only": ("", lambda rows: [r["jurisdiction"] for r in rows] == ["GB", "INT"]),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_queries(datasette, name):
    params, check = QUERIES[name]
    sep = "&" if params else "?"
    r = get(datasette, f"/ketamine/{name}.json{params}{sep}_shape=array")
    assert r.status_code == 200, r.text
    assert check(r.json()), r.json()


def test_every_canned_query_is_tested():
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    assert set(metadata["databases"]["ketamine"]["queries"]) == set(QUERIES)


def test_no_writes_possible(datasette):
    r = get(datasette, "/ketamine.json?sql=delete+from+statuses")
    assert r.status_code == 400
    assert "Statement must be a SELECT" in r.text


def test_metadata_describes_every_table(built_db):
    import sqlite_utils

    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    described = set(metadata["databases"]["ketamine"]["tables"])
    db = sqlite_utils.Database(built_db)
    names = {t for t in db.table_names() if "_fts" not in t} | set(db.view_names())
    assert names - described == set()

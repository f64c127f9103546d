"""Datasette serves the built database with metadata.yml: tables, views and canned queries."""

import asyncio

import pytest
import yaml
from datasette.app import Datasette

from conftest import REPO
from service.datasette.settings import SETTINGS


@pytest.fixture
def datasette(built_db):
    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    return Datasette(immutables=[str(built_db)], metadata=metadata, settings=SETTINGS)


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
    # Only GB has a file in the fixture: Northern Europe counts it (known, primary, medical use
    # stated); no other row does.
    "coverage_by_region": ("", lambda rows: [
        (r["subregion"], r["with_file"], r["ketamine_known"], r["ketamine_primary"], r["ketamine_medical_use_known"])
        for r in rows if r["with_file"]] == [("Northern Europe", 1, 1, 1, 1)]
        and sum(r["jurisdictions"] for r in rows) > 190),
    "secondary_only": ("", lambda rows: [r["jurisdiction"] for r in rows] == ["GB", "INT"]),
    "changes_feed": ("", lambda rows: [r["atom_title"] for r in rows][:2] == [
        "[GB] ketamine: Class B from 2014-06-10", "[GB] esketamine: Class B from 2014"]),
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
    assert datasette.get_database("ketamine").is_mutable is False


def test_pathological_query_is_cut_off(datasette):
    import time
    from urllib.parse import quote

    sql = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    started = time.monotonic()
    r = get(datasette, f"/ketamine.json?sql={quote(sql)}")
    elapsed = time.monotonic() - started
    assert r.status_code == 400
    assert "SQL query took too long" in r.text
    assert elapsed < 5


def test_row_limit(datasette):
    from urllib.parse import quote

    sql = "with recursive c(x) as (select 1 union all select x + 1 from c limit 5000) select x from c"
    body = get(datasette, f"/ketamine.json?sql={quote(sql)}&_shape=objects").json()
    assert len(body["rows"]) == 1000 and body["truncated"] is True


def test_serve_uses_the_same_settings():
    from service.datasette.settings import as_cli_flags

    flags = as_cli_flags()
    assert flags[:4] == ["--setting", "sql_time_limit_ms", "1000", "--setting"]


def test_metadata_describes_every_table(built_db):
    import sqlite_utils

    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    described = set(metadata["databases"]["ketamine"]["tables"])
    db = sqlite_utils.Database(built_db)
    names = {t for t in db.table_names() if "_fts" not in t} | set(db.view_names())
    assert names - described == set()


def test_changes_feed_is_atom(datasette):
    r = get(datasette, "/ketamine/changes_feed.atom")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml") or "atom" in r.headers["content-type"]
    assert "<title>[GB] ketamine: Class B from 2014-06-10</title>" in r.text
    assert "<updated>2014-01-01T00:00:00" in r.text  # a year-only date is placed at its first day


def test_country_page(datasette):
    html = get(datasette, "/country/GB").text
    assert "<h1>United Kingdom <small>(GB)</small></h1>" in html
    assert "Ketamine: Controlled under drug-control law" in html
    assert "Ketamine is a Class B drug." in html
    assert '<a class="source-link" href="https://example.org/order/2014"' in html
    assert "not yet machine-verified" in html
    assert "Not legal advice" in html
    assert "Test nasal spray" in html  # approvals


def test_country_page_resolves_names_and_unresearched(datasette):
    r = get(datasette, "/country/uk")
    assert r.status_code == 302 and r.headers["location"] == "/country/GB"
    fr = get(datasette, "/country/FR").text
    assert "Not yet researched by this project." in fr
    assert "Unknown: not yet established by this project" in fr
    assert get(datasette, "/country/QQQ").status_code == 404


def test_methodology_page(datasette):
    html = get(datasette, "/methodology").text
    assert "Reporting an error" in html and "correction.md" in html
    assert "primary: 2" in html and "CC BY 4.0" in html


def test_map_dashboard_and_offline_asset(datasette):
    html = get(datasette, "/-/dashboards/world-map").text
    assert "Where ketamine and esketamine are controlled" in html
    import re

    loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and [u for u in loaded if not u.startswith("/")] == []  # nothing from another host
    asset = get(datasette, "/-/static-plugins/ketamine-law/countries-50m.json")
    assert asset.status_code == 200
    ids = {g.get("id") for g in asset.json()["objects"]["countries"]["geometries"]}
    assert {"GB", "HK", "SG", "MT", "XK", "AU"} <= ids


def test_home_page_links_the_map(datasette):
    html = get(datasette, "/").text
    assert 'href="/-/dashboards/world-map"' in html

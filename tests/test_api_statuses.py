"""/v1/statuses, /v1/changes and the Atom feed."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from conftest import assert_problem


def ids(body):
    return [i["id"] for i in body["items"]]


@pytest.mark.parametrize("params,expected", [
    ("", ["gb-esketamine-class-b", "gb-ketamine-class-c", "gb-ketamine-class-b", "int-esketamine", "int-ketamine"]),
    ("substance=ketamine", ["gb-ketamine-class-c", "gb-ketamine-class-b", "int-ketamine"]),
    ("control_status=controlled&substance=ketamine", ["gb-ketamine-class-c", "gb-ketamine-class-b"]),
    ("verification=secondary", ["gb-esketamine-class-b", "int-ketamine"]),
    ("region=Europe", ["gb-esketamine-class-b", "gb-ketamine-class-c", "gb-ketamine-class-b"]),
    ("region=northern%20europe&substance=ketamine&as_of=2010-01-01", ["gb-ketamine-class-c"]),
    ("jurisdiction=INT", ["int-esketamine", "int-ketamine"]),
    ("as_of=2014-06-10&substance=ketamine", ["gb-ketamine-class-b", "int-ketamine"]),
    ("as_of=1990-01-01", ["int-esketamine", "int-ketamine"]),
])
def test_statuses_filters(client, params, expected):
    assert ids(client.get(f"/v1/statuses?{params}").get_json()) == expected


def test_statuses_rows_carry_jurisdiction_and_citations(client):
    row = client.get("/v1/statuses?jurisdiction=GB&substance=ketamine&as_of=2020-01-01").get_json()["items"][0]
    assert (row["jurisdiction"], row["jurisdiction_name"], row["region"]) == ("GB", "United Kingdom", "Europe")
    assert row["citations"][0]["quote"] == 'insert "Ketamine"'


def test_statuses_pagination(client):
    r = client.get("/v1/statuses?per_page=2&page=3")
    assert ids(r.get_json()) == ["int-ketamine"]
    assert 'rel="prev"' in r.headers["Link"] and 'rel="next"' not in r.headers["Link"]


def test_statuses_csv(client):
    r = client.get("/v1/statuses?format=csv&substance=ketamine")
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"] == 'attachment; filename="statuses.csv"'
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [(x["id"], x["schedule_label"], x["source_url"]) for x in rows] == [
        ("gb-ketamine-class-c", "Class C", "https://example.org/act/schedule/2"),
        ("gb-ketamine-class-b", "Class B", "https://example.org/order/2014"),
        ("int-ketamine", "", "https://example.org/report.pdf")]
    assert r.headers["X-Dataset-Version"]


@pytest.mark.parametrize("path,fragment", [
    ("/v1/statuses?verification=maybe", "verification"),
    ("/v1/statuses?format=xlsx", "format"),
    ("/v1/statuses?as_of=2023-02-30", "as_of"),
    ("/v1/statuses?jurisdiction=gb%27%20OR%201=1", "jurisdiction"),
    ("/v1/statuses?per_page=-1", "per_page"),
    ("/v1/statuses?per_page=100000", "per_page"),
    ("/v1/changes?since=2014-99-01", "since"),
])
def test_bad_parameters(client, path, fragment):
    assert_problem(client.get(path), 400, fragment)


def test_unknown_substance_filter(client):
    assert_problem(client.get("/v1/statuses?substance=ketamin"), 404, "did you mean 'ketamine'?")


def test_changes_newest_first(client):
    body = client.get("/v1/changes").get_json()
    assert [(i["date"], i["event"], i["status_id"]) for i in body["items"]] == [
        ("2014-06-10", "began", "gb-ketamine-class-b"),
        ("2014-06-10", "ended", "gb-ketamine-class-c"),
        ("2014", "began", "gb-esketamine-class-b"),
        ("2006-01-01", "began", "gb-ketamine-class-c"),
        ("1971", "began", "int-ketamine"),
    ]


@pytest.mark.parametrize("since,expected", [
    ("2015-01-01", []),
    ("2014-12-31", ["gb-esketamine-class-b"]),  # "2014" may mean any day up to 2014-12-31
    ("2014-06-11", ["gb-esketamine-class-b"]),
    ("2014-06-10", ["gb-ketamine-class-b", "gb-ketamine-class-c", "gb-esketamine-class-b"]),
    ("2014-01-01", ["gb-ketamine-class-b", "gb-ketamine-class-c", "gb-esketamine-class-b"]),
    ("2006-01-02", ["gb-ketamine-class-b", "gb-ketamine-class-c", "gb-esketamine-class-b"]),
])
def test_changes_since_with_partial_dates(client, since, expected):
    items = client.get(f"/v1/changes?since={since}").get_json()["items"]
    assert [i["status_id"] for i in items] == expected


def test_changes_substance_filter(client):
    items = client.get("/v1/changes?substance=esketamine").get_json()["items"]
    assert [(i["status_id"], i["date_precision"]) for i in items] == [("gb-esketamine-class-b", "year")]


def test_atom_feed(client):
    r = client.get("/v1/changes.atom?since=2006-01-01")
    assert r.status_code == 200
    assert r.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(r.get_data())
    titles = [e.find("a:title", ns).text for e in root.findall("a:entry", ns)]
    assert titles[0] == "[GB] ketamine: Class B (began 2014-06-10)"
    assert len(titles) == 4
    link = root.find("a:entry/a:link", ns).get("href")
    assert link == "http://localhost/v1/jurisdictions/GB/ketamine?as_of=2014-06-10"
    assert root.find("a:updated", ns).text == "2026-09-21T14:13:20Z"

"""The JSON API: endpoints, statuses on a date, and one error shape."""

import pytest

from conftest import assert_problem


def test_jurisdiction_detail(client):
    r = client.get("/v1/jurisdictions/GB")
    assert r.status_code == 200
    body = r.get_json()
    assert body["jurisdiction"]["code"] == "GB"
    current = body["current"]["ketamine"]
    assert (current["control_status"], current["schedule_label"], current["legal_instrument"]) == (
        "controlled", "Class B", "Test Act")
    assert current["citations"][0]["quote"] == 'insert "Ketamine"'
    assert current["citations"][0]["url"] == "https://example.org/order/2014"
    assert [s["id"] for s in body["statuses"]] == ["gb-esketamine-class-b", "gb-ketamine-class-c", "gb-ketamine-class-b"]
    assert [s["current"] for s in body["statuses"]] == [True, False, True]
    assert [a["id"] for a in body["approvals"]] == ["gb-test-spray"]
    assert body["meta"]["dataset_version"] and body["meta"]["built_at"] == "2026-09-21T14:13:20Z"
    assert "Not legal advice" in body["meta"]["disclaimer"]


def test_substance_endpoint_agrees_with_detail(client):
    detail = client.get("/v1/jurisdictions/GB").get_json()["current"]["ketamine"]
    single = client.get("/v1/jurisdictions/gb/ketamine").get_json()["status"]
    assert single["id"] == detail["id"] == "gb-ketamine-class-b"
    assert single["citations"] == detail["citations"]


@pytest.mark.parametrize("ident", ["GB", "gb", "GBR", "826", "united kingdom", "UK"])
def test_any_identifier(client, ident):
    assert client.get(f"/v1/jurisdictions/{ident}").get_json()["jurisdiction"]["code"] == "GB"


@pytest.mark.parametrize("as_of,label,certain", [
    ("2010-05-01", "Class C", True), ("2014-06-09", "Class C", True), ("2014-06-10", "Class B", True),
    ("2006-01-01", "Class C", True), ("2015-01-01", "Class B", True),
    ("2020-01-01", "Class B", True), ("2005-12-31", None, True),
])
def test_as_of(client, as_of, label, certain):
    status = client.get(f"/v1/jurisdictions/GB/ketamine?as_of={as_of}").get_json()["status"]
    assert status["schedule_label"] == label
    if label is None:
        assert status["control_status"] == "unknown"
        assert status["summary"] == f"No status in force on {as_of} is recorded for ketamine here."


def test_as_of_reduced_precision_is_flagged(client):
    inside = client.get("/v1/jurisdictions/GB/esketamine?as_of=2014-03-01").get_json()["status"]
    assert inside["schedule_label"] == "Class B"
    assert inside["date_certain"] is False
    assert "known only to year precision" in inside["date_note"]
    after = client.get("/v1/jurisdictions/GB/esketamine?as_of=2015-03-01").get_json()["status"]
    assert after["date_certain"] is True and "date_note" not in after


def test_unresearched_country_is_unknown_not_missing(client):
    r = client.get("/v1/jurisdictions/france/ketamine")
    assert r.status_code == 200
    body = r.get_json()
    assert body["jurisdiction"]["researched"] is False
    assert body["status"]["control_status"] == "unknown"
    assert body["status"]["summary"] == "Not yet researched by this project: status unknown."


def test_list_and_filters(client):
    r = client.get("/v1/jurisdictions?per_page=10&page=2")
    body = r.get_json()
    assert body["pagination"] == {"page": 2, "per_page": 10, "total": 252, "pages": 26}
    assert len(body["items"]) == 10
    assert r.headers["Link"] == ", ".join([
        '<http://localhost/v1/jurisdictions?per_page=10&page=1>; rel="first"',
        '<http://localhost/v1/jurisdictions?per_page=10&page=26>; rel="last"',
        '<http://localhost/v1/jurisdictions?per_page=10&page=1>; rel="prev"',
        '<http://localhost/v1/jurisdictions?per_page=10&page=3>; rel="next"'])
    europe = client.get("/v1/jurisdictions?region=northern%20europe&researched=true").get_json()
    assert [i["code"] for i in europe["items"]] == ["GB"]
    controlled = client.get("/v1/jurisdictions?control_status=controlled").get_json()
    assert [i["code"] for i in controlled["items"]] == ["GB"]
    not_controlled = client.get("/v1/jurisdictions?control_status=not_controlled&substance=ketamine").get_json()
    assert [i["code"] for i in not_controlled["items"]] == ["INT"]
    researched = client.get("/v1/jurisdictions?researched=true").get_json()
    assert [i["code"] for i in researched["items"]] == ["GB", "INT"]
    assert researched["items"][0]["current"]["ketamine"]["schedule_label"] == "Class B"
    # The compact summary says whether ketamine may be used in medicine, as the full record does.
    assert researched["items"][0]["current"]["ketamine"]["medical_use"] == "permitted"
    assert researched["items"][0]["current"]["esketamine"]["medical_use"] == "restricted"


def test_source(client):
    body = client.get("/v1/sources/gb-act").get_json()
    assert body["url"] == "https://example.org/act/schedule/2"
    assert [c["status_id"] or c["approval_id"] for c in body["citations"]] == [
        "gb-ketamine-class-c", "gb-esketamine-class-b", "gb-test-spray"]


@pytest.mark.parametrize("path,status,fragment", [
    ("/v1/jurisdictions/UKK", 404, "no jurisdiction 'UKK'; did you mean 'UK' → GB"),
    ("/v1/jurisdictions/UKK/ketamine", 404, "no jurisdiction 'UKK'"),
    ("/v1/jurisdictions/GB/ketamin", 404, "no substance 'ketamin'; did you mean 'ketamine'?"),
    ("/v1/jurisdictions/GB/ketamine?as_of=2023-02-30", 400, "query parameter 'as_of': Not a valid date."),
    ("/v1/jurisdictions?control_status=legal", 400, "query parameter 'control_status'"),
    ("/v1/jurisdictions?per_page=0", 400, "query parameter 'per_page'"),
    ("/v1/sources/gb-actt", 404, "no source 'gb-actt'; did you mean 'gb-act'?"),
    ("/v1/nothing-here", 404, "not found"),
    ("/v1/jurisdictions/" + "x" * 5000, 404, "no jurisdiction matches an identifier that long"),
    ("/v1/jurisdictions/GB/ketamine?as_of=2023-13-01", 400, "as_of"),
    ("/v1/jurisdictions/GB/ketamine?as_of=yesterday", 400, "as_of"),
    ("/v1/jurisdictions?page=999", 404, "past the last page"),
])
def test_errors_are_problem_json(client, path, status, fragment):
    assert_problem(client.get(path), status, fragment)


def test_wrong_method(client):
    assert_problem(client.post("/v1/jurisdictions/GB"), 405)


def test_missing_database(tmp_path):
    from service.api import create_app

    client = create_app({"DATABASE": str(tmp_path / "absent.db"), "TESTING": True}).test_client()
    assert_problem(client.get("/v1/jurisdictions/GB"), 503, "the database has not been built")


def test_cache_and_cors_headers(client):
    r = client.get("/v1/jurisdictions/GB")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    etag = r.headers["ETag"]
    again = client.get("/v1/jurisdictions/GB", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_database_is_read_only(app):
    import sqlite3

    from service.api.db import get_db

    with app.app_context():
        with pytest.raises(sqlite3.OperationalError, match="readonly|query_only"):
            get_db().execute("DELETE FROM statuses")


def test_openapi_documents_every_route(app, client):
    spec = client.get("/openapi.json").get_json()
    routes = {rule.rule.replace("<", "{").replace(">", "}").replace("{path:", "{")
              for rule in app.url_map.iter_rules() if not rule.rule.startswith(("/docs", "/openapi", "/static"))}
    assert set(spec["paths"]) == routes
    params = {p["name"] for p in spec["paths"]["/v1/jurisdictions/{jurisdiction_id}/{substance_id}"]["get"]["parameters"]}
    assert "as_of" in params


@pytest.mark.parametrize("name,code", [
    ("Deutschland", "DE"), ("Türkiye", "TR"), ("turkey", "TR"), ("Côte d'Ivoire", "CI"), ("cote divoire", None),
    ("Ivory Coast", "CI"), ("Kosovo", "XK"), ("Österreich", "AT"), ("Suisse", "CH"), ("中国", "CN"),
    ("España", "ES"), ("россия", "RU"), ("Nederland", "NL"),
])
def test_names_in_many_languages(client, name, code):
    r = client.get(f"/v1/jurisdictions/{name}")
    if code is None:
        assert_problem(r, 404)
    else:
        assert r.get_json()["jurisdiction"]["code"] == code


def test_ambiguous_translated_name_is_not_guessed(client):
    body = assert_problem(client.get("/v1/jurisdictions/paraguai"), 404, "ambiguous")
    assert body["suggestions"] == ["NI", "PY"]

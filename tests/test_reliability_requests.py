"""Hostile requests against every API path and parameter: always a 4xx problem+json (or a clean
200/304), never a 500, and nothing leaked (no traceback, file path or SQL in the body)."""

import re

import pytest

HOSTILE_IDS = [
    "' OR 1=1 --", "GB'; DROP TABLE statuses; --", "1 UNION SELECT * FROM sources",
    "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "x" * 10000,
    "ＧＢ",  # fullwidth confusable
    "G\u0392",  # Latin G + Greek capital Beta
    "%00", "%0d%0aSet-Cookie:%20x=1", "<script>alert(1)</script>", "${jndi:ldap://x}",
    "%25%32%65", "☃", "\u202egb", "gb%20", "null", "undefined", "-1", "999999999999",
]
HOSTILE_QUERIES = [
    "as_of=2023-02-30", "as_of=2023-13-01", "as_of=0000-00-00", "as_of=99999-01-01", "as_of=' OR 1=1",
    "since=2023-02-30", "page=-1", "page=0", "page=99999999999999999999", "per_page=-5",
    "per_page=100000", "per_page=abc", "format=../../x", "format=csv%00", "region=' OR '1'='1",
    "substance=ketamine'--", "control_status=<x>", "verification=1;DROP", "jurisdiction=../GB",
    "unknown_param=1", "researched=maybe", "as_of[]=2020-01-01", "since=%ff%fe",
]
PATHS = ["/v1/jurisdictions/{id}", "/v1/jurisdictions/{id}/ketamine", "/v1/jurisdictions/GB/{id}",
         "/v1/sources/{id}"]
LIST_PATHS = ["/v1/jurisdictions", "/v1/statuses", "/v1/changes", "/v1/changes.atom", "/v1/substances",
              "/v1/jurisdictions/GB/ketamine"]
LEAKS = re.compile(r"Traceback|File \"|/work/|/home/|site-packages|sqlite3\.|SELECT |OperationalError", re.I)


def assert_clean(response, echoed: str = ""):
    """No server error and no leak; the caller's own input echoed back in `detail` is not a leak."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    body = response.get_data(as_text=True)
    if echoed:
        body = body.replace(echoed, "").replace(echoed[:100], "")
    assert not LEAKS.search(body), body[:500]
    if response.status_code >= 400:
        assert response.content_type == "application/problem+json"
        assert response.get_json()["status"] == response.status_code


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("ident", HOSTILE_IDS)
def test_hostile_identifiers(client, path, ident):
    assert_clean(client.get(path.format(id=ident)), echoed=ident)


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_parameters(client, path, query):
    assert_clean(client.get(f"{path}?{query}"))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/v1/jurisdictions", "/v1/jurisdictions/GB", "/v1/statuses", "/healthz"])
def test_wrong_methods(client, method, path):
    response = getattr(client, method)(path, data="x")
    assert_clean(response)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_cors_is_limited_to_safe_methods(client):
    response = client.options("/v1/jurisdictions/GB", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"})
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert client.post("/v1/jurisdictions/GB").headers.get("Access-Control-Allow-Origin") is None


def test_not_debug(app):
    assert app.debug is False

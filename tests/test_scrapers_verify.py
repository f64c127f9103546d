import hashlib
from pathlib import Path

import pytest
import requests
import responses

from scrapers.http import Fetcher, FetchPolicy
from scrapers.snapshots import SnapshotStore
from scrapers.verify import (ReportError, load_report, source_check_rows, verify_citations, write_report)
from service.loader import Dataset
from service.schema import Citation, JurisdictionFile, Source, Status
from service.validate import validate

RECORDED = Path(__file__).parent / "fixtures" / "scrapers" / "recorded"
CHANGED = Path(__file__).parent / "fixtures" / "scrapers" / "changed"
FAST = FetchPolicy(retries=3, backoff_factor=0.0, min_interval=0.0)
ACT, ORDER, MADE, REPORT = ("https://example.org/act/schedule/2", "https://example.org/order/2014",
                            "https://example.org/order/2014/made", "https://example.org/report.pdf")


def serve_fixtures(act: bytes = None):
    """Register the recorded answers for the three sources of tests/fixtures/data."""
    responses.get(ACT, body=act if act is not None else (RECORDED / "act-schedule-2.html").read_bytes(),
                  content_type="text/html; charset=windows-1252")
    responses.get(ORDER, status=301, headers={"Location": MADE})
    responses.get(MADE, body=(RECORDED / "order-2014-made.xht").read_bytes(), content_type="application/xhtml+xml")
    responses.get(REPORT, body=(RECORDED / "report.pdf").read_bytes(), content_type="application/pdf")


def run(data_dir, previous=None, snapshots=None, policy=FAST):
    with Fetcher(policy, snapshots=snapshots, now=lambda: "2026-11-28T12:00:00Z") as fetcher:
        return verify_citations(validate(data_dir), fetcher, progress=False, previous=previous)


def by_source(report):
    return {s["source_id"]: s for s in report["sources"]}


def found(report):
    return {(s["source_id"], c["record_id"], c["position"]): c["quote_found"]
            for s in report["sources"] for c in s["citations"]}


@responses.activate
def test_quotes_found_and_gone(data_dir):
    serve_fixtures()
    report = run(data_dir)
    assert found(report) == {
        ("gb-act", "gb-ketamine-class-c", 0): True,          # "Ketamine." in windows-1252 HTML
        ("gb-act", "gb-esketamine-class-b", 0): True,
        ("gb-act", "gb-test-spray", 0): False,               # "Test quote" is only inside a <script>
        ("gb-order-2014", "gb-ketamine-class-b", 0): True,   # straight quotes vs curly, after a redirect
        ("int-report", "int-ketamine", 0): True,             # PDF, word hyphenated at a line end
    }
    assert report["summary"] == {"sources": 3, "sources_ok": 3, "sources_failed": 0, "sources_changed": 0,
                                 "quotes": 5, "quotes_found": 4, "quotes_not_found": 1, "quotes_not_checked": 0}
    assert report["failures"] == [{"source_id": "gb-act", "url": ACT, "record_id": "gb-test-spray", "position": 0,
                                   "reason": "quote not found: 'Test quote'"}]


@responses.activate
def test_each_source_and_url_is_fetched_once(data_dir):
    serve_fixtures()
    run(data_dir)
    assert sorted(call.request.url for call in responses.calls) == sorted([ACT, ORDER, MADE, REPORT])


@responses.activate
def test_a_redirect_is_recorded_in_the_report(data_dir):
    serve_fixtures()
    entry = by_source(run(data_dir))["gb-order-2014"]
    assert (entry["final_url"], entry["redirects"]) == (MADE, [{"url": ORDER, "status": 301, "location": MADE}])


@responses.activate
def test_page_changed_since_the_previous_report(data_dir, tmp_path):
    serve_fixtures()
    snapshots = SnapshotStore(tmp_path / "snapshots")
    first = run(data_dir, snapshots=snapshots)
    assert {s["source_id"]: s["changed"] for s in first["sources"]} == {
        "gb-act": None, "gb-order-2014": None, "int-report": None}
    responses.reset()
    new_act = (RECORDED / "act-schedule-2.html").read_bytes().replace(b"Ketamine.", b"Ketamine (amended).")
    serve_fixtures(act=new_act)
    second = run(data_dir, previous=first, snapshots=snapshots)
    entries = by_source(second)
    assert {k: v["changed"] for k, v in entries.items()} == {"gb-act": True, "gb-order-2014": False, "int-report": False}
    assert (entries["gb-act"]["previous_hash"], entries["gb-act"]["content_hash"]) == (
        hashlib.sha256((RECORDED / "act-schedule-2.html").read_bytes()).hexdigest(), hashlib.sha256(new_act).hexdigest())
    assert "-Ketamine." in entries["gb-act"]["diff"] and "+Ketamine (amended)." in entries["gb-act"]["diff"]
    assert second["summary"]["sources_changed"] == 1
    assert found(second)[("gb-act", "gb-ketamine-class-c", 0)] is False


@responses.activate
def test_a_changed_url_is_not_a_changed_page(data_dir):
    serve_fixtures()
    previous = {"sources": [{"source_id": "gb-act", "url": "https://example.org/elsewhere", "content_hash": "0" * 64}]}
    assert by_source(run(data_dir, previous=previous))["gb-act"]["changed"] is None


@responses.activate(registry=responses.registries.OrderedRegistry)
def test_404_500_and_timeout_are_failures_with_reasons(data_dir):
    responses.get(ACT, status=404)
    for _ in range(4):
        responses.get(ORDER, status=500)
    responses.get(REPORT, body=requests.exceptions.ReadTimeout("slow"))
    report = run(data_dir)
    assert [(f["source_id"], f["reason"]) for f in report["failures"]] == [
        ("gb-act", "HTTP 404 Not Found"),
        ("gb-order-2014", "HTTP 500 Internal Server Error"),
        ("int-report", "no data for 30 s (read timeout)"),
    ]
    assert report["summary"]["quotes_not_checked"] == 5
    assert by_source(report)["gb-act"]["citations"][0]["error"] == "not checked: HTTP 404 Not Found"


@responses.activate(registry=responses.registries.OrderedRegistry)
def test_500_then_success_checks_the_quotes(data_dir):
    serve_fixtures()
    responses.replace(responses.GET, REPORT, status=500)
    responses.get(REPORT, body=(RECORDED / "report.pdf").read_bytes(), content_type="application/pdf")
    assert found(run(data_dir))[("int-report", "int-ketamine", 0)] is True


@responses.activate
def test_a_malformed_pdf_is_a_failure_not_a_crash(data_dir):
    serve_fixtures()
    responses.replace(responses.GET, REPORT, body=(CHANGED / "malformed.pdf").read_bytes(), content_type="application/pdf")
    entry = by_source(run(data_dir))["int-report"]
    assert entry["error"].startswith("malformed PDF: ")
    assert entry["citations"][0]["quote_found"] is None


@responses.activate
def test_an_oversized_page_is_a_failure(data_dir):
    serve_fixtures()
    report = run(data_dir, policy=FetchPolicy(backoff_factor=0.0, min_interval=0.0, max_bytes=600))
    assert by_source(report)["int-report"]["error"] == "response body passed the 600-byte cap; download aborted"


def _dataset(count: int) -> Dataset:
    sources = [Source(id=f"s{n}", title="t", url=f"https://host{n}.example/", kind="legislation", language="en",
                      accessed="2026-11-28") for n in range(count)]
    status = Status(id="x-ketamine", substance="ketamine", control_status="controlled", legal_instrument="Act",
                    summary="s", verification="primary", last_reviewed="2026-11-28",
                    citations=[Citation(source=f"s{n}", quote="q") for n in range(count)])
    return Dataset(root=Path("."), jurisdictions={"data/jurisdictions/GB.yml": JurisdictionFile(
        code="GB", sources=sources, statuses=[status])})


@responses.activate
def test_with_no_network_the_run_stops_trying_after_five_connection_failures():
    # responses refuses every URL with ConnectionError, as a machine with no network would.
    with Fetcher(FAST, now=lambda: "2026-11-28T12:00:00Z") as fetcher:
        report = verify_citations(_dataset(8), fetcher, progress=False)
    assert len(responses.calls) == 5
    reasons = [f["reason"] for f in report["failures"]]
    assert all(r.startswith("could not connect: Connection refused by Responses") for r in reasons[:5])
    assert reasons[5:] == ["not attempted: the network looks unreachable (5 sources in a row could not connect)"] * 3


@responses.activate
def test_source_check_rows(data_dir):
    serve_fixtures()
    rows = source_check_rows(run(data_dir))
    assert rows[2] == {"source_id": "gb-act", "checked_at": "2026-11-28T12:00:00Z", "http_status": 200,
                       "content_hash": hashlib.sha256((RECORDED / "act-schedule-2.html").read_bytes()).hexdigest(),
                       "status_id": None, "approval_id": "gb-test-spray", "position": 0, "quote_found": 0,
                       "error": "quote not found in the fetched document"}
    assert [(r["source_id"], r["status_id"] or r["approval_id"], r["quote_found"]) for r in rows] == [
        ("gb-act", "gb-ketamine-class-c", 1), ("gb-act", "gb-esketamine-class-b", 1), ("gb-act", "gb-test-spray", 0),
        ("gb-order-2014", "gb-ketamine-class-b", 1), ("int-report", "int-ketamine", 1)]


def test_a_source_without_citations_still_gets_a_row():
    report = {"sources": [{"source_id": "s", "fetched_at": "t", "http_status": 404, "content_hash": None,
                           "error": "HTTP 404 Not Found", "citations": []}]}
    assert source_check_rows(report) == [{"source_id": "s", "checked_at": "t", "http_status": 404, "content_hash": None,
                                          "status_id": None, "approval_id": None, "position": None,
                                          "quote_found": None, "error": "HTTP 404 Not Found"}]


@responses.activate
def test_the_report_round_trips_as_pretty_json_and_data_is_untouched(data_dir, tmp_path):
    before = {p: p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}
    serve_fixtures()
    report = run(data_dir)
    path = tmp_path / "reports" / "verify.json"
    write_report(report, path, data_dir)
    assert load_report(path) == report
    assert path.read_text().startswith('{\n  "report_version": 1,\n  "kind": "verify",')
    assert {p: p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()} == before


def test_a_report_is_never_written_inside_data(data_dir):
    with pytest.raises(ReportError, match="nothing writes to data/"):
        write_report({"sources": []}, data_dir / "jurisdictions" / "report.json", data_dir)
    assert not (data_dir / "jurisdictions" / "report.json").exists()


def test_missing_and_malformed_reports(tmp_path):
    assert load_report(tmp_path / "none.json") is None
    (tmp_path / "bad.json").write_text("[1, 2]")
    with pytest.raises(ReportError, match="expected an object with a 'sources' list"):
        load_report(tmp_path / "bad.json")
    (tmp_path / "worse.json").write_text("{")
    with pytest.raises(ReportError, match="is not a readable report"):
        load_report(tmp_path / "worse.json")


@responses.activate
def test_a_progress_bar_does_not_change_the_report(data_dir):
    serve_fixtures()
    with Fetcher(FAST, now=lambda: "2026-11-28T12:00:00Z") as fetcher:
        with_bar = verify_citations(validate(data_dir), fetcher, progress=True)
    responses.reset()
    serve_fixtures()
    assert with_bar == run(data_dir)

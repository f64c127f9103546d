import io
import json
from pathlib import Path

import yaml

from scrapers.cli import EXIT_ERROR, EXIT_FOUND, EXIT_OK, verify_main, watch_main

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
RECORDED = FIXTURES / "recorded"


def call(main, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = main(*args, progress=False, out=out, err=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_verify_over_the_recorded_fixtures(data_dir, tmp_path):
    report = tmp_path / "verify.json"
    code, out, err = call(verify_main, data_dir, report, fixtures=RECORDED, snapshot_dir=tmp_path / "snapshots")
    assert (code, err) == (EXIT_FOUND, "")
    lines = out.splitlines()
    assert lines[1:7] == [
        "  sources: 3 fetched, 0 failed, 0 changed since the last check",
        "  quotes:  4 found, 1 not found, 0 not checked (source failed)",
        "Failures:",
        "  gb-act [gb-test-spray citation 0]: quote not found: 'Test quote'",
        "      https://example.org/act/schedule/2",
        "Redirected:",
    ]
    assert lines[-1] == f"Report: {report}"
    assert json.loads(report.read_text())["summary"]["quotes_found"] == 4


def test_a_second_verify_run_compares_with_the_first(data_dir, tmp_path):
    report = tmp_path / "verify.json"
    call(verify_main, data_dir, report, fixtures=RECORDED, snapshot_dir=None)
    previous = json.loads(report.read_text())
    previous["sources"][0]["content_hash"] = "0" * 64
    report.write_text(json.dumps(previous))
    code, out, _ = call(verify_main, data_dir, report, fixtures=RECORDED, snapshot_dir=None)
    assert "  sources: 3 fetched, 0 failed, 1 changed since the last check" in out.splitlines()
    assert "Changed since the last check:" in out


def test_with_no_network_verify_reports_failures_and_exits_non_zero(data_dir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "recorded.json").write_text('{"responses": []}')
    code, out, err = call(verify_main, data_dir, tmp_path / "r.json", fixtures=empty, snapshot_dir=None)
    assert (code, err) == (EXIT_FOUND, "")
    assert "  sources: 0 fetched, 3 failed, 0 changed since the last check" in out
    assert "  gb-act: could not connect: no recorded response for https://example.org/act/schedule/2 (offline replay)" in out
    assert "Traceback" not in out + err


def test_with_no_network_the_untried_sources_are_one_line(tmp_path):
    data = tmp_path / "data"
    (data / "jurisdictions").mkdir(parents=True)
    for name in ("substances.yml", "blocked_domains.yml"):
        (data / name).write_text((FIXTURES / "data" / name).read_text())
    sources = [{"id": f"s{n}", "title": "t", "url": f"https://host{n}.example/", "kind": "legislation",
                "language": "en", "accessed": "2026-11-28"} for n in range(8)]
    status = {"id": "gb-k", "substance": "ketamine", "control_status": "controlled", "legal_instrument": "Act",
              "summary": "s", "verification": "primary", "last_reviewed": "2026-11-28",
              "citations": [{"source": f"s{n}", "quote": "q"} for n in range(8)]}
    esketamine = {"id": "gb-e", "substance": "esketamine", "control_status": "unknown", "summary": "s",
                  "verification": "unverified", "last_reviewed": "2026-11-28", "research_note": "n"}
    (data / "jurisdictions" / "GB.yml").write_text(
        yaml.safe_dump({"code": "GB", "sources": sources, "statuses": [status, esketamine]}))
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "recorded.json").write_text('{"responses": []}')
    code, out, _ = call(verify_main, data, tmp_path / "r.json", fixtures=empty, snapshot_dir=None)
    assert code == EXIT_FOUND
    assert out.splitlines()[-2] == ("  ... and 3 more sources not attempted: the network looks unreachable "
                                    "(5 sources in a row could not connect)")


def test_a_damaged_previous_report_is_a_warning(data_dir, tmp_path):
    report = tmp_path / "verify.json"
    report.write_text("{")
    code, _, err = call(verify_main, data_dir, report, fixtures=RECORDED, snapshot_dir=None)
    assert code == EXIT_FOUND
    assert err.startswith(f"warning: {report} is not a readable report")


def test_invalid_data_is_exit_2_with_the_problems(data_dir, tmp_path):
    (data_dir / "jurisdictions" / "GB.yml").write_text("code: GB\nbogus: 1\n")
    code, out, err = call(verify_main, data_dir, tmp_path / "r.json", fixtures=RECORDED, snapshot_dir=None)
    assert (code, out) == (EXIT_ERROR, "")
    assert "data/jurisdictions/GB.yml:-: bogus: unknown key" in err


def test_nothing_is_written_inside_data(data_dir):
    code, _, err = call(verify_main, data_dir, data_dir / "report.json", fixtures=RECORDED, snapshot_dir=None)
    assert code == EXIT_ERROR
    assert "nothing writes to data/" in err
    assert not (data_dir / "report.json").exists()


def test_a_missing_recording_is_exit_2(data_dir, tmp_path):
    code, _, err = call(verify_main, data_dir, tmp_path / "r.json", fixtures=tmp_path / "nowhere", snapshot_dir=None)
    assert code == EXIT_ERROR
    assert err.startswith("error: ") and "not a recording index" in err


def test_watch_over_the_recorded_fixtures(tmp_path):
    report = tmp_path / "watch.json"
    code, out, err = call(watch_main, FIXTURES / "data", report, fixtures=RECORDED, snapshot_dir=None)
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines()[1] == "  7 agree, 0 disagree, 0 missing, 0 errors, 2 notes"
    assert json.loads(report.read_text())["kind"] == "watch"


def test_watch_exits_non_zero_on_a_discrepancy(tmp_path):
    data = tmp_path / "data"
    (data / "jurisdictions").mkdir(parents=True)
    for name in ("substances.yml", "blocked_domains.yml", "jurisdictions/US.yml", "jurisdictions/GB.yml"):
        text = (FIXTURES / "data" / name).read_text()
        (data / name).write_text(text.replace("schedule_label: Class B\n    legal_instrument: Misuse of Drugs Act 1971\n"
                                              "    provision: Schedule 2, Part II, paragraph 1(a)",
                                              "schedule_label: Class C\n    legal_instrument: Misuse of Drugs Act 1971\n"
                                              "    provision: Schedule 2, Part II, paragraph 1(a)"))
    code, out, _ = call(watch_main, data, tmp_path / "watch.json", fixtures=RECORDED, snapshot_dir=None)
    assert code == EXIT_FOUND
    assert "Discrepancies:" in out
    assert ("  [disagree] GB ketamine: legislation.gov.uk Misuse of Drugs Act 1971 Schedule 2 lists ketamine in PART II "
            "(Class B Drugs); data says: controlled, Class C, Schedule 2, Part II, paragraph 1(a) (gb-ketamine-class-b)") in out


def test_with_no_network_watch_reports_errors_and_exits_non_zero(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "recorded.json").write_text('{"responses": []}')
    code, out, err = call(watch_main, FIXTURES / "data", tmp_path / "w.json", fixtures=empty, snapshot_dir=None)
    assert (code, err) == (EXIT_FOUND, "")
    assert out.splitlines()[1] == "  0 agree, 0 disagree, 0 missing, 4 errors, 0 notes"
    assert "Traceback" not in out

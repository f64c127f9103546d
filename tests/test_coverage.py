"""`ketamine coverage`: the research plan is validated like data, and the figures come from the database."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.build import build_database
from service.cli import cli
from service.coverage import load_plan, measure, render
from service.loader import InvalidData

REPO = Path(__file__).resolve().parent.parent

PLAN = """\
areas:
  - id: mixed
    name: Mixed
    issue: 99
    targets: {known: 0.30, primary: 0.30}
    codes: [GB, FR, DE]
  - id: britain
    name: Britain
    targets: {known: 1.0, primary: 1.0}
    codes: [GB]
  - id: treaty
    name: Treaty level
    targets: {known: 0.5, primary: 0.0}
    codes: [INT]
"""


@pytest.fixture
def plan_file(data_dir) -> Path:
    path = data_dir / "coverage.yml"
    path.write_text(PLAN)
    return path


def test_measure_counts_files_known_and_primary(built_db, plan_file):
    reports = {r.id: r for r in measure(built_db, load_plan(plan_file))}
    mixed = reports["mixed"]
    assert (mixed.jurisdictions, mixed.files, mixed.known, mixed.primary) == (3, 1, 1, 1)
    # GB's current ketamine status is the 2014 Class B period, not the earlier Class C one.
    gb = next(r for r in mixed.rows if r.code == "GB")
    assert gb.cells["ketamine"].schedule_label == "Class B"
    assert gb.cells["ketamine"].effective_from == "2014-06-10"
    # Shares pass the targets, but two of the three jurisdictions have no file: not met.
    assert mixed.known_share >= 0.30 and not mixed.met
    assert reports["britain"].met
    # INT's ketamine is not_controlled (known, secondary); its esketamine is unknown.
    treaty = reports["treaty"]
    assert (treaty.known, treaty.primary, treaty.secondary, treaty.esketamine_known) == (1, 0, 1, 0)
    assert treaty.met
    # GB's file records one esketamine authorisation; FR, DE and INT have none.
    assert (mixed.approvals, reports["britain"].approvals, treaty.approvals) == (1, 1, 0)
    # GB's current ketamine record says medical use is permitted; FR and DE have no file.
    assert (mixed.medical_use_known, treaty.medical_use_known) == (1, 1)


def test_medical_use_unknown_is_not_counted(data_dir, plan_file):
    forget = _replacing("medical_use: permitted", "medical_use: unknown")
    db = _rebuild_with_gb_ketamine(data_dir, forget, "no-medical-use.db")
    report = measure(db, load_plan(plan_file), ["britain"])[0]
    assert report.rows[0].cells["ketamine"].medical_use == "unknown"
    assert (report.known, report.medical_use_known) == (1, 0)


def test_approvals_count_jurisdictions_not_products(data_dir, plan_file):
    path = data_dir / "jurisdictions" / "GB.yml"
    text = path.read_text()
    start = text.index("  - id: gb-test-spray")
    block = text[start:]
    path.write_text(text + block.replace("gb-test-spray", "gb-test-injection"))
    db = data_dir.parent / "two-approvals.db"
    build_database(data_dir, db)
    reports = {r.id: r for r in measure(db, load_plan(plan_file))}
    assert reports["britain"].approvals == 1
    assert "| 1 | 30% / 30% |" in render([reports["mixed"]], "markdown")


def _replacing(old: str, new: str):
    """An edit for _rebuild_with_gb_ketamine that swaps old for new, failing if old is not there."""
    def edit(record: str) -> str:
        assert old in record
        return record.replace(old, new)
    return edit


def _rebuild_with_gb_ketamine(data_dir: Path, edit, name: str) -> Path:
    """Rewrite GB's current ketamine record with edit(record) and build a database from the result."""
    path = data_dir / "jurisdictions" / "GB.yml"
    text = path.read_text()
    start = text.index("  - id: gb-ketamine-class-b")
    end = text.index("  - id: gb-esketamine-class-b")
    path.write_text(text[:start] + edit(text[start:end]) + text[end:])
    db = data_dir.parent / name
    build_database(data_dir, db)
    return db


def test_unknown_rows_carry_their_research_note(built_db, data_dir, plan_file):
    # Turn GB's current ketamine record into an honest unknown.
    unknown = """\
  - id: gb-ketamine-unknown
    substance: ketamine
    control_status: unknown
    effective_from: "2014-06-10"
    summary: Not established.
    verification: unverified
    last_reviewed: "2026-11-28"
    research_note: Searched the statute book. Found nothing.
"""
    db = _rebuild_with_gb_ketamine(data_dir, lambda _record: unknown, "unknown.db")
    report = measure(db, load_plan(plan_file), ["britain"])[0]
    assert report.known == 0 and [r.code for r in report.unknown] == ["GB"]
    markdown = render([report], "markdown", details=True)
    assert "- GB: Searched the statute book." in markdown
    assert "Found nothing" not in markdown  # only the first sentence


def test_a_cited_but_unverified_status_is_known_but_counted_apart(data_dir, plan_file):
    unverify = _replacing("verification: primary", "verification: unverified")
    db = _rebuild_with_gb_ketamine(data_dir, unverify, "unverified.db")
    report = measure(db, load_plan(plan_file), ["britain"])[0]
    assert (report.known, report.primary, report.secondary, report.unverified) == (1, 0, 0, 1)
    assert not report.met
    assert "| Britain | 1 | 1 | 1 (100%) | 0 (0%) | 0 | 1 | 1 | 1 | 1 | 100% / 100% | no |" in render([report], "markdown")


def test_markdown_and_json_render_every_row(built_db, plan_file):
    reports = measure(built_db, load_plan(plan_file))
    markdown = render(reports, "markdown", details=True)
    assert "| GB | United Kingdom | ketamine | controlled | Class B | 2014-06-10 | primary |" in markdown
    assert "| FR | France (no file) | ketamine | unknown |" in markdown
    assert "### Mixed (issue 99)" in markdown
    data = json.loads(render(reports, "json", details=True))
    assert [a["id"] for a in data] == ["mixed", "britain", "treaty"]
    assert data[0]["known"] == 1 and len(data[0]["rows"]) == 3
    assert "rows" not in json.loads(render(reports, "json"))[0]


@pytest.mark.parametrize("body, expected", [
    ("areas:\n  - id: a\n    name: A\n    targets: {known: 0.5, primary: 0.5}\n    codes: [GB, QQ]\n",
     "data/coverage.yml:a: codes: Value error, not a jurisdiction code: QQ"),
    ("areas:\n  - id: a\n    name: A\n    targets: {known: 0.5, primary: 0.5}\n    codes: [GB, GB]\n",
     "data/coverage.yml:a: codes: Value error, listed twice: GB"),
    ("areas:\n  - id: a\n    name: A\n    targets: {known: 1.5, primary: 0.5}\n    codes: [GB]\n",
     "data/coverage.yml:a: targets.known: Input should be less than or equal to 1"),
    # The Norway problem: an unquoted NO is YAML's false, not a country code.
    ("areas:\n  - id: a\n    name: A\n    targets: {known: 0.5, primary: 0.5}\n    codes: [GB, NO]\n",
     "data/coverage.yml:a: codes.1: Input should be a valid string"),
    ("areas:\n  - id: a\n    name: A\n    targets: {known: 0.5, primary: 0.5}\n    codes: [GB]\n    extra: 1\n",
     "data/coverage.yml:a: extra: Extra inputs are not permitted"),
])
def test_bad_plans_are_reported_by_file_record_and_field(tmp_path, body, expected):
    path = tmp_path / "coverage.yml"
    path.write_text(body)
    with pytest.raises(InvalidData) as info:
        load_plan(path)
    assert expected in [str(p) for p in info.value.problems]


def test_validate_checks_the_plan_too(data_dir):
    (data_dir / "coverage.yml").write_text(
        "areas:\n  - id: a\n    name: A\n    targets: {known: 0.5, primary: 0.5}\n    codes: [ZZ]\n")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_dir)])
    assert result.exit_code == 1
    assert "data/coverage.yml:a: codes" in result.output


def test_cli_reports_missing_database_and_unknown_area(data_dir, plan_file, built_db, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["coverage", "--data", str(data_dir), "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "run `make build` first" in missing.output
    bad = runner.invoke(cli, ["coverage", "--data", str(data_dir), "--db", str(built_db), "--area", "mars"])
    assert bad.exit_code == 1 and "no coverage area mars" in bad.output
    ok = runner.invoke(cli, ["coverage", "--data", str(data_dir), "--db", str(built_db), "--area", "britain"])
    assert ok.exit_code == 0
    assert ok.output.startswith("Britain: 1/1 files; ketamine known 1 (100%")


def test_the_project_plan_is_valid_and_areas_do_not_overlap():
    plan = load_plan(REPO / "data" / "coverage.yml")
    codes = [c for area in plan.areas for c in area.codes]
    assert len(codes) == len(set(codes))
    assert {"NO", "XK", "TW", "HK", "MO"} <= set(codes)

"""`ketamine qc`: independent second passes compared with the published records."""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from service.cli import cli
from service.loader import InvalidData
from service.qc import Comparison, Side, check as qc_check, compare, render, summarise


def _second_pass(folder: Path, code: str, ketamine: tuple, esketamine: tuple | None = None) -> Path:
    """Write a minimal second-pass file: (control_status, label, verification) per substance."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"code: {code}", "sources:", f"  - id: {code.lower()}2-src", "    title: A source",
             "    publisher: A publisher", "    url: https://example.org/law", "    kind: legislation",
             "    language: en", '    accessed: "2026-11-28"', "statuses:"]
    for substance, values in (("ketamine", ketamine), ("esketamine", esketamine)):
        if values is None:
            continue
        status, label, verification = values
        lines += [f"  - id: {code.lower()}2-{substance}", f"    substance: {substance}",
                  f"    control_status: {status}", f"    schedule_label: {label or 'null'}",
                  "    legal_instrument: An Act", '    effective_from: "2000"', "    summary: A summary.",
                  f"    verification: {verification}", '    last_reviewed: "2026-11-28"']
        if status == "prescription_only":
            lines.append("    medical_use: permitted")
        if status == "unknown":
            lines.append("    research_note: Searched; found nothing.")
        else:
            lines += ["    citations:", f"      - source: {code.lower()}2-src", "        quote: Ketamine."]
    path = folder / f"{code}.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_agreement_and_disagreement_are_counted(data_dir, tmp_path):
    double = tmp_path / "double"
    # The fixture GB record: ketamine Class B (primary, the current period), esketamine Class B.
    _second_pass(double, "GB", ("controlled", "class b", "secondary"), ("not_controlled", None, "secondary"))
    comparisons, orphans = compare(data_dir, double)
    assert orphans == []
    by_substance = {c.substance: c for c in comparisons}
    ket = by_substance["ketamine"]
    assert ket.first.schedule_label == "Class B"  # the current period, not the 2006 Class C one
    assert ket.status_agrees and ket.label_agrees is True
    assert not by_substance["esketamine"].status_agrees
    summary = summarise(comparisons)
    assert (summary.pairs, summary.status_disagreements, summary.jurisdictions_disagreeing) == (2, 1, 1)
    assert summary.rate == 0.5
    # Both pairs carry information; the esketamine pair is a contradiction (both established, differ).
    assert (summary.informative_pairs, summary.contradictions, summary.omissions) == (2, 1, 0)


def test_both_unknown_is_not_informative_and_one_unknown_is_an_omission(data_dir, tmp_path):
    double = tmp_path / "double"
    # INT in the fixture: ketamine not_controlled, esketamine unknown.
    _second_pass(double, "INT", ("unknown", None, "unverified"), ("unknown", None, "unverified"))
    summary = summarise(compare(data_dir, double)[0])
    assert (summary.pairs, summary.informative_pairs, summary.omissions, summary.contradictions) == (2, 1, 1, 0)
    assert summary.informative_rate == 1.0


def test_a_different_list_is_a_label_disagreement(data_dir, tmp_path):
    double = tmp_path / "double"
    _second_pass(double, "GB", ("controlled", "Class C", "primary"))
    comparisons, _ = compare(data_dir, double)
    ket = next(c for c in comparisons if c.substance == "ketamine")
    assert ket.status_agrees and ket.label_agrees is False
    # No esketamine record in the second pass counts as unknown, which differs from Class B.
    esk = next(c for c in comparisons if c.substance == "esketamine")
    assert esk.second.control_status == "unknown" and not esk.status_agrees


@pytest.mark.parametrize("a, b, agrees", [
    ("II-P", "Substancje psychotropowe grupy II-P", True),
    ("förteckning IV", "svensk narkotikaförteckning IV", True),
    ("Liste B", "liste  b", True),
    ("Liste B", "Liste C", False),
    ("I", "II", False),
    ("I", "Schedule I", True),
])
def test_label_matching(a, b, agrees):
    c = Comparison("XX", "ketamine", Side("controlled", a, "primary"), Side("controlled", b, "primary"))
    assert c.label_agrees is agrees


def test_second_pass_without_a_record_is_listed(data_dir, tmp_path):
    double = tmp_path / "double"
    _second_pass(double, "FR", ("controlled", "stupéfiant", "primary"))
    comparisons, orphans = compare(data_dir, double)
    assert comparisons == [] and orphans == ["FR"]
    assert "Second pass without a published record: FR." in render(comparisons, orphans)


def test_a_broken_second_pass_is_reported_with_its_file(data_dir, tmp_path):
    double = tmp_path / "double"
    path = _second_pass(double, "GB", ("controlled", "Class B", "primary"))
    path.write_text(path.read_text().replace("control_status: controlled", "control_status: banned"))
    with pytest.raises(InvalidData) as info:
        compare(data_dir, double)
    assert any(p.file == "research/double/GB.yml" and "control_status" in p.field for p in info.value.problems)


def test_cli_markdown_json_and_empty_folder(data_dir, tmp_path):
    double = tmp_path / "double"
    _second_pass(double, "GB", ("controlled", "Class B", "primary"), ("controlled", "Class B", "secondary"))
    runner = CliRunner()
    md = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double)])
    assert md.exit_code == 0
    assert "| GB | ketamine | controlled (Class B), primary | controlled (Class B), primary | agree | agree |" in md.output
    assert "status disagreements 0 (0%)" in md.output
    js = json.loads(runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double),
                                        "--format", "json"]).output)
    assert js["summary"]["pairs"] == 2 and js["summary"]["status_disagreement_rate"] == 0
    empty = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(tmp_path / "none")])
    assert empty.exit_code == 1 and "no second-pass files" in empty.output


def test_check_validates_one_second_pass_without_showing_the_first(data_dir, tmp_path):
    double = tmp_path / "double"
    _second_pass(double, "GB", ("prescription_only", None, "secondary"))
    runner = CliRunner()
    ok = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double), "--check", "gb"])
    assert ok.exit_code == 0, ok.output
    assert "ketamine: prescription_only, secondary" in ok.output
    assert "esketamine: no status recorded" in ok.output
    # blind: nothing from the published GB record (controlled, Class B) is shown
    assert "controlled" not in ok.output and "Class B" not in ok.output


def test_check_names_the_file_and_field_of_a_bad_second_pass(data_dir, tmp_path):
    double = tmp_path / "double"
    path = _second_pass(double, "GB", ("controlled", "Class B", "primary"))
    path.write_text(path.read_text().replace("verification: primary", "verification: certain"))
    runner = CliRunner()
    bad = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double), "--check", "GB"])
    assert bad.exit_code != 0
    assert "research/double/GB.yml" in bad.output and "verification" in bad.output
    missing = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double), "--check", "FR"])
    assert missing.exit_code != 0 and "FR.yml" in missing.output
    renamed = double / "DE.yml"
    renamed.write_text(path.read_text().replace("verification: certain", "verification: primary"))
    wrong = runner.invoke(cli, ["qc", "--data", str(data_dir), "--double", str(double), "--check", "DE"])
    assert wrong.exit_code != 0 and "code: GB" in wrong.output


@pytest.mark.parametrize("edit, field", [
    # a citation pointing at a source the file does not define
    (lambda t: t.replace("- source: gb2-src", "- source: gb2-missing"), "citations[0].source"),
    # a URL on the blocked list (the fixture data/blocked_domains.yml; substituted below)
    (None, "url"),
    # a controlled status without its legal instrument
    (lambda t: t.replace("    legal_instrument: An Act\n", "", 1), "legal_instrument"),
])
def test_check_applies_the_validate_rules_to_a_second_pass(data_dir, tmp_path, edit, field):
    double = tmp_path / "double"
    path = _second_pass(double, "GB", ("controlled", "Class B", "secondary"))
    text = edit(path.read_text()) if edit else path.read_text()
    if field == "url":
        blocked = yaml.safe_load((data_dir / "blocked_domains.yml").read_text())["domains"][0]
        text = text.replace("https://example.org/law", f"https://{blocked}/page")
    path.write_text(text)
    with pytest.raises(InvalidData) as exc:
        qc_check(double, "GB", data_dir)
    assert any(p.file == "research/double/GB.yml" and p.field == field for p in exc.value.problems), exc.value.problems
    # the same file is accepted once the problem is gone
    _second_pass(double, "GB", ("controlled", "Class B", "secondary"))
    assert qc_check(double, "GB", data_dir)[0] == "ketamine: controlled, secondary"

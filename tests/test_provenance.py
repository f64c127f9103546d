"""`ketamine provenance`: every citation quote is traceable to its jurisdiction's research log."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.loader import InvalidData
from service.provenance import check, normalise, quote_in_log

REPO = Path(__file__).resolve().parent.parent

# The fixture dataset's quotes, as a researcher would have pasted them from search excerpts.
GB_LOG = """# GB research log

## search (pages): "misuse of drugs act ketamine class b"
URL: https://www.legislation.gov.uk/ukpga/1971/38/schedule/2
> Ketamine.

> In Part II of Schedule 2, insert “Ketamine” (amendment order)

> Any stereoisomeric
> form of a substance
> Test quote
"""
INT_LOG = "## WHO\n> Ketamine is NOT UNDER INTERNATIONAL CONTROL at present.\n"


@pytest.fixture
def research_dir(tmp_path) -> Path:
    folder = tmp_path / "research"
    folder.mkdir()
    (folder / "GB.md").write_text(GB_LOG, encoding="utf-8")
    (folder / "INT.md").write_text(INT_LOG, encoding="utf-8")
    return folder


def test_every_fixture_quote_is_found(data_dir, research_dir):
    report = check(data_dir, research_dir)
    assert report.ok, [str(f) for f in report.findings]
    assert report.files == 2
    assert report.quotes == 5


def test_a_quote_missing_from_the_log_is_reported_with_file_record_and_source(data_dir, research_dir):
    (research_dir / "GB.md").write_text(GB_LOG.replace("Test quote", "Another quote"), encoding="utf-8")
    report = check(data_dir, research_dir)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert finding.file == "data/jurisdictions/GB.yml"
    assert finding.quote == "Test quote"
    assert "quote not found in research/GB.md" in str(finding)
    assert finding.record in str(finding) and finding.source in str(finding)


def test_a_jurisdiction_without_a_log_has_every_quote_reported(data_dir, research_dir):
    (research_dir / "GB.md").unlink()
    report = check(data_dir, research_dir)
    assert len(report.findings) == 4
    assert {f.reason for f in report.findings} == {"no research log research/GB.md"}


def test_case_quotation_marks_and_line_breaks_do_not_matter():
    log = normalise("> He said “Ketamine is a\n> Class B drug”.")
    assert quote_in_log('ketamine is a class B drug', log)
    assert not quote_in_log("ketamine is a class A drug", log)


def test_each_part_of_an_elided_quote_must_be_in_the_log():
    log = normalise("Schedule 2 lists ketamine. Much later: and its stereoisomers.")
    assert quote_in_log("Schedule 2 lists ketamine ... and its stereoisomers", log)
    assert quote_in_log("Schedule 2 lists ketamine […] and its stereoisomers", log)
    assert not quote_in_log("Schedule 2 lists ketamine ... and its salts", log)
    assert not quote_in_log("...", log)


def test_invalid_data_is_an_error_not_a_pass(data_dir, research_dir):
    path = data_dir / "jurisdictions" / "GB.yml"
    path.write_text(path.read_text().replace("control_status: controlled", "control_status: banned", 1))
    with pytest.raises(InvalidData):
        check(data_dir, research_dir)


def test_cli_exits_1_and_lists_untraceable_quotes(data_dir, research_dir):
    (research_dir / "INT.md").write_text("nothing relevant\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["provenance", "--data", str(data_dir), "--research", str(research_dir)])
    assert result.exit_code == 1
    assert "data/jurisdictions/INT.yml" in result.output
    assert "1 not traceable to a research log" in result.output

    result = runner.invoke(cli, ["provenance", "--data", str(data_dir), "--research", str(research_dir),
                                 "--format", "json"])
    body = json.loads(result.output)
    assert body["ok"] is False and body["quotes"] == 5
    assert body["findings"][0]["quote"] == "not under international control"


def test_cli_passes_on_traceable_data(data_dir, research_dir):
    result = CliRunner().invoke(cli, ["provenance", "--data", str(data_dir), "--research", str(research_dir)])
    assert result.exit_code == 0, result.output
    assert "5 quotes in 2 files; 0 not traceable" in result.output


def test_every_published_quote_is_in_its_research_log():
    """The real dataset: a quote that no research log contains is not shown to be one we read."""
    report = check(REPO / "data", REPO / "research")
    assert report.quotes > 0
    assert report.ok, "\n".join(str(f) for f in report.findings)

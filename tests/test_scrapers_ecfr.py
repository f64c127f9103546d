from pathlib import Path

import pytest
import responses

from scrapers import ecfr
from scrapers.common import Finding, StructureError
from scrapers.http import Fetcher, FetchPolicy
from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
SECTION = (FIXTURES / "recorded" / "ecfr-1308.13.xml").read_bytes()
URL = ecfr.section_url("2026-11-24")
LISTING = ecfr.Listing("III", "(c)(7)", "7285", "Ketamine, its salts, isomers, and salts of isomers", True)


@pytest.fixture
def dataset():
    return validate(FIXTURES / "data")


def test_the_ketamine_entry_is_read_from_the_section_xml():
    assert ecfr.parse_section(SECTION) == LISTING


def test_an_entry_written_as_a_paragraph_is_read_too():
    body = (b'<DIV8 N="1308.13" TYPE="SECTION"><HEAD>\xc2\xa7 1308.13 Schedule III.</HEAD>'
            b"<P>(a) Intro.</P><P>(b) <I>Stimulants.</I> Text:</P><P>(1) Benzphetamine 1228</P>"
            b"<P>(c) <I>Depressants.</I> Text:</P><P>(7) Ketamine, its salts, isomers, and salts of isomers \xe2\x80\x94 7285</P>"
            b"</DIV8>")
    assert ecfr.parse_section(body) == LISTING


def test_the_latest_issue_date_of_title_21():
    assert ecfr.latest_issue_date((FIXTURES / "recorded" / "ecfr-titles.json").read_bytes()) == "2026-11-24"


@pytest.mark.parametrize("body, message", [
    ((FIXTURES / "changed" / "ecfr-1308.13-no-codes.xml").read_bytes(),
     "the ketamine entry has no four-digit DEA code (got '')"),
    (b"<html><body>Service unavailable</body></html>", 'expected one <DIV8 TYPE="SECTION" N="1308.13">, found 0'),
    (SECTION.replace(b"(7) Ketamine", b"(7) Ketamin"), "expected ketamine in exactly one of 17 numbered entries, found 0"),
    (SECTION.replace(b"(8) Lysergic acid<", b"(8) Ketamine<"), "found 2"),
    (SECTION.replace(b"Schedule III.", b"Substances."), "names no schedule"),
    (b'<DIV8 N="1308.13" TYPE="SECTION"><HEAD>Schedule III.</HEAD><P>(a) Intro.</P><P>Ketamine 7285</P></DIV8>',
     "no numbered entries"),
    (b"<DIV8", "eCFR section XML does not parse"),
])
def test_a_changed_structure_is_a_clear_error(body, message):
    with pytest.raises(StructureError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ecfr.parse_section(body)


@pytest.mark.parametrize("body, message", [
    (b"not json", "titles.json is not JSON"),
    (b'{"titles": [{"number": 20, "latest_issue_date": "2026-01-01"}]}', "title 21 is not listed"),
    (b'{"titles": [{"number": 21, "latest_issue_date": "latest"}]}', "has no latest_issue_date"),
    (b'{"title": []}', "expected a 'titles' list"),
])
def test_titles_json_structure_is_checked(body, message):
    with pytest.raises(StructureError, match=message):
        ecfr.latest_issue_date(body)


def test_agreement(dataset):
    findings = ecfr.compare(LISTING, dataset, URL)
    assert [(f.status, f.subject, f.record_id) for f in findings] == [
        ("agree", "US ketamine", "us-ketamine-schedule-iii"), ("agree", "US esketamine", "us-esketamine-schedule-iii")]


def test_discrepancy_names_both_sides(dataset):
    status = dataset.jurisdictions["data/jurisdictions/US.yml"].statuses[0]
    status.provision = "21 CFR 1308.13(c)(9) (DEA Controlled Substances Code Number 7285)"
    assert ecfr.compare(LISTING, dataset, URL)[0] == Finding(
        "ecfr", "disagree", "US ketamine",
        "eCFR 21 CFR 1308.13 lists ketamine under (c)(7), code 7285 (Schedule III); data says: controlled, "
        "Schedule III, 21 CFR 1308.13(c)(9) (DEA Controlled Substances Code Number 7285) (us-ketamine-schedule-iii)",
        URL, "us-ketamine-schedule-iii")


def test_no_curated_status_is_missing(dataset):
    dataset.jurisdictions["data/jurisdictions/US.yml"].statuses.clear()
    assert [(f.status, f.message[-40:]) for f in ecfr.compare(LISTING, dataset, URL)] == [
        ("missing", "; data has no current US ketamine status"),
        ("missing", "data has no current US esketamine status")]


@responses.activate
def test_run_fetches_the_latest_issue_then_the_section(dataset):
    responses.get(ecfr.TITLES_URL, body=(FIXTURES / "recorded" / "ecfr-titles.json").read_bytes())
    responses.get(URL, body=SECTION, content_type="application/xml")
    with Fetcher(FetchPolicy(min_interval=0.0)) as fetcher:
        assert [f.status for f in ecfr.run(fetcher, dataset)] == ["agree", "agree"]
    assert [c.request.url for c in responses.calls] == [ecfr.TITLES_URL, URL]

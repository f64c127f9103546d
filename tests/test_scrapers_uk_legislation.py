from pathlib import Path

import pytest

from scrapers import uk_legislation as uk
from scrapers.common import Finding, StructureError
from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
SCHEDULE = (FIXTURES / "recorded" / "uk-mda-1971-sch2.xml").read_bytes()
LISTING = uk.Listing("PART II", "Class B Drugs", "B", True)


@pytest.fixture
def dataset():
    return validate(FIXTURES / "data")


def test_ketamine_is_read_from_part_ii():
    assert uk.parse_schedule(SCHEDULE) == LISTING


def test_repealed_and_not_in_force_text_is_ignored():
    body = SCHEDULE.replace(b"<ListItem><Para><Text>Benzphetamine.</Text></Para></ListItem>",
                            b'<ListItem><Para><Text><Repeal ChangeId="x">Ketamine.</Repeal></Text></Para></ListItem>'
                            b'<ListItem Match="false"><Para><Text>Ketamine.</Text></Para></ListItem>'
                            b'<ListItem Status="Prospective"><Para><Text>Ketamine.</Text></Para></ListItem>')
    assert uk.parse_schedule(body) == LISTING


@pytest.mark.parametrize("body, message", [
    ((FIXTURES / "changed" / "uk-mda-1971-sch2-retitled-parts.xml").read_bytes(),
     "Schedule 2 has no Part titled 'Class A/B/C drugs'"),
    (SCHEDULE.replace(b"<Number>SCHEDULE 2</Number>", b"<Number>SCHEDULE 3</Number>"),
     "expected exactly one Schedule 2 in the document, found 0"),
    (SCHEDULE.replace(b">Ketamine.<", b">Ketamine hydrochloride.<"),
     "expected ketamine in exactly one class Part of Schedule 2, found it in 0 .parts read: PART I Class A Drugs"),
    (SCHEDULE.replace(b"<Text>Mephentermine.</Text>", b"<Text>Ketamine.</Text>"), "found it in 2"),
    (b"<html><body>Not found</body></html>", "expected a CLML <Legislation> document"),
    (SCHEDULE[:500], "legislation.gov.uk XML does not parse"),
])
def test_a_changed_structure_is_a_clear_error(body, message):
    with pytest.raises(StructureError, match=message):
        uk.parse_schedule(body)


def test_agreement(dataset):
    assert [(f.status, f.subject) for f in uk.compare(LISTING, dataset)] == [
        ("agree", "GB ketamine"), ("agree", "GB esketamine")]


def test_discrepancy_names_both_sides(dataset):
    dataset.jurisdictions["data/jurisdictions/GB.yml"].statuses[0].schedule_label = "Class C"
    assert uk.compare(LISTING, dataset)[0] == Finding(
        "uk_legislation", "disagree", "GB ketamine",
        "legislation.gov.uk Misuse of Drugs Act 1971 Schedule 2 lists ketamine in PART II (Class B Drugs); "
        "data says: controlled, Class C, Schedule 2, Part II, paragraph 1(a) (gb-ketamine-class-b)",
        uk.URL, "gb-ketamine-class-b")


def test_an_empty_esketamine_label_disagrees_with_the_stereoisomer_clause(dataset):
    dataset.jurisdictions["data/jurisdictions/GB.yml"].statuses[1].schedule_label = None
    finding = uk.compare(LISTING, dataset)[1]
    assert (finding.status, finding.message) == ("disagree", (
        "legislation.gov.uk Schedule 2 PART II also covers any stereoisomeric form of its substances, so esketamine "
        "is Class B; data says: controlled, no schedule label, Schedule 2, Part II, paragraph 2 (gb-esketamine-class-b)"))


def test_without_a_stereoisomer_clause_esketamine_is_not_compared(dataset):
    assert [f.subject for f in uk.compare(uk.Listing("Part 2", "Class B drugs", "B", False), dataset)] == ["GB ketamine"]

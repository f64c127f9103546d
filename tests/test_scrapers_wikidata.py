import json
from pathlib import Path

import pytest
import responses

from scrapers import wikidata
from scrapers.common import StructureError
from scrapers.http import Fetcher, FetchPolicy
from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
ENTITY = (FIXTURES / "recorded" / "wikidata-Q243547.json").read_bytes()
LABELS = wikidata.parse_labels((FIXTURES / "recorded" / "wikidata-labels.json").read_bytes())
STATEMENTS = [wikidata.Statement("Q9000001", ("Q30",), "normal"), wikidata.Statement("Q9000002", ("Q145",), "normal"),
              wikidata.Statement("Q9000003", ("Q16",), "normal")]


@pytest.fixture
def dataset():
    return validate(FIXTURES / "data")


def edited(change) -> bytes:
    data = json.loads(ENTITY)
    change(data["entities"]["Q243547"]["claims"]["P3493"])
    return json.dumps(data).encode()


def test_current_statements_are_read_and_deprecated_ones_skipped():
    assert wikidata.parse_statements(ENTITY, "Q243547") == STATEMENTS


def test_statements_with_an_end_time_or_no_value_are_skipped():
    def change(claims):
        claims[0]["qualifiers"]["P582"] = [{"snaktype": "value", "property": "P582"}]
        claims[1]["mainsnak"] = {"snaktype": "novalue", "property": "P3493"}
    assert wikidata.parse_statements(edited(change), "Q243547") == STATEMENTS[2:]


def test_labels():
    assert LABELS["Q145"] == "United Kingdom"
    assert wikidata.parse_labels(b'{"entities": {"Q1": {"id": "Q1"}}}') == {"Q1": "Q1"}


@pytest.mark.parametrize("body, message", [
    ((FIXTURES / "changed" / "wikidata-Q243547-merged.json").read_bytes(), "not in the answer .*was the item merged"),
    (edited(lambda c: c[0].pop("rank")), r"Q243547 P3493\[0\] is not a statement with a rank"),
    (edited(lambda c: c[0]["mainsnak"].update(datavalue={"value": "Schedule III"})), "has no item id"),
    (b"{}", "expected an 'entities' object"),
    (b"<html>", "not JSON"),
])
def test_a_changed_structure_is_a_clear_error(body, message):
    with pytest.raises(StructureError, match=message):
        wikidata.parse_statements(body, "Q243547")


def test_findings_are_labelled_secondary(dataset):
    findings = wikidata.compare("ketamine", STATEMENTS, LABELS, dataset)
    assert [(f.status, f.subject, f.secondary) for f in findings] == [
        ("agree", "US ketamine", True), ("agree", "GB ketamine", True), ("note", "CA ketamine", True)]
    assert findings[2].message == ("Wikidata (secondary cross-check): ketamine is 'Schedule I controlled substance "
                                   "(Canada)' in Canada; not researched in data/ yet")


def test_discrepancy(dataset):
    dataset.jurisdictions["data/jurisdictions/GB.yml"].statuses[0].schedule_label = "Class C"
    assert wikidata.compare("ketamine", STATEMENTS, LABELS, dataset)[1].message == (
        "Wikidata (secondary cross-check): ketamine is 'Class B drug' in United Kingdom; data says 'Class C' "
        "(gb-ketamine-class-b)")


def test_unknown_places_and_missing_qualifiers_are_notes(dataset):
    statements = [wikidata.Statement("Q9000002", ("Q1",), "normal"), wikidata.Statement("Q9000002", (), "normal")]
    labels = {**LABELS, "Q1": "Atlantis"}
    assert [f.status for f in wikidata.compare("ketamine", statements, labels, dataset)] == ["note", "note"]


@responses.activate
def test_run_fetches_the_entity_then_its_labels(dataset):
    responses.get(wikidata.entity_url("Q243547"), body=ENTITY)
    responses.get(wikidata.labels_url(["Q30", "Q145", "Q16", "Q9000001", "Q9000002", "Q9000003"]),
                  body=(FIXTURES / "recorded" / "wikidata-labels.json").read_bytes())
    with Fetcher(FetchPolicy(min_interval=0.0)) as fetcher:
        findings = wikidata.run(fetcher, dataset)
    assert [f.status for f in findings] == ["agree", "agree", "note", "note"]
    assert findings[-1].message == "no Wikidata item recorded for esketamine in data/substances.yml; not cross-checked"

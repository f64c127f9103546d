import json
from pathlib import Path

import pytest
import responses

from scrapers import openfda
from scrapers.common import FetchFailed, Finding, StructureError
from scrapers.http import Fetcher, FetchPolicy
from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
BODY = (FIXTURES / "recorded" / "openfda-drugsfda-esketamine.json").read_bytes()
SPRAVATO = openfda.Application("NDA211243", "JANSSEN PHARMS", ("SPRAVATO",), "2019-03-05", 1)
NO_MATCH = b'{"error": {"code": "NOT_FOUND", "message": "No matches found!"}}'


@pytest.fixture
def dataset():
    return validate(FIXTURES / "data")


def edited(change) -> bytes:
    data = json.loads(BODY)
    change(data["results"][0])
    return json.dumps(data).encode()


def test_applications_are_read():
    assert openfda.parse_applications(BODY) == [SPRAVATO]


def test_no_match_is_an_empty_list():
    assert openfda.parse_applications(NO_MATCH) == []


def test_an_application_without_esketamine_is_skipped():
    body = edited(lambda r: r["products"][0]["active_ingredients"][0].update(name="KETAMINE HYDROCHLORIDE"))
    assert openfda.parse_applications(body) == []


@pytest.mark.parametrize("body, message", [
    ((FIXTURES / "changed" / "openfda-renamed-results.json").read_bytes(), "expected an object with a 'results' list"),
    (edited(lambda r: r.pop("sponsor_name")), r"results\[0\] has no 'sponsor_name' str"),
    (edited(lambda r: r.update(application_number="211243")), "is not NDA/ANDA/BLA"),
    (edited(lambda r: r["submissions"][1].update(submission_status_date="2019-03-05")), "not YYYYMMDD"),
    (edited(lambda r: r.update(submissions=None)), "has no 'submissions' list"),
    (b"<html>Bad gateway</html>", "not JSON"),
])
def test_a_changed_structure_is_a_clear_error(body, message):
    with pytest.raises(StructureError, match=message):
        openfda.parse_applications(body)


def test_agreement(dataset):
    assert openfda.compare([SPRAVATO], dataset) == [Finding(
        "openfda", "agree", "US esketamine NDA211243",
        "openFDA NDA211243 SPRAVATO (JANSSEN PHARMS), original approval 2019-03-05; data agrees: 2019-03-05, "
        "holder Janssen Pharmaceuticals, Inc. (us-spravato)", openfda.URL, "us-spravato")]


def test_a_different_date_disagrees(dataset):
    dataset.jurisdictions["data/jurisdictions/US.yml"].approvals[0].date = "2019-03-06"
    assert openfda.compare([SPRAVATO], dataset)[0].status == "disagree"


def test_a_date_of_lower_precision_agrees(dataset):
    dataset.jurisdictions["data/jurisdictions/US.yml"].approvals[0].date = "2019-03"
    assert openfda.compare([SPRAVATO], dataset)[0].status == "agree"


def test_approvals_on_one_side_only_are_missing(dataset):
    other = openfda.Application("ANDA999999", "GENERIC CO", ("ESKETAMINE HYDROCHLORIDE",), "2030-01-01", 0)
    assert [(f.status, f.subject) for f in openfda.compare([other], dataset)] == [
        ("missing", "US esketamine ANDA999999"), ("missing", "US esketamine")]


def test_an_application_never_approved_is_a_note(dataset):
    pending = openfda.Application("NDA000001", "X", ("SPRAVATO",), None, 0)
    assert [f.status for f in openfda.compare([pending], dataset)] == ["note", "missing"]


@responses.activate
def test_run_reads_a_no_match_404_as_no_applications(dataset):
    responses.get(openfda.URL, status=404, body=NO_MATCH, content_type="application/json")
    with Fetcher(FetchPolicy(min_interval=0.0)) as fetcher:
        assert [f.status for f in openfda.run(fetcher, dataset)] == ["missing"]


@responses.activate
def test_run_reports_any_other_404(dataset):
    responses.get(openfda.URL, status=404, body=b"<pre>Cannot GET</pre>")
    with Fetcher(FetchPolicy(min_interval=0.0)) as fetcher, pytest.raises(FetchFailed, match="HTTP 404 Not Found"):
        openfda.run(fetcher, dataset)

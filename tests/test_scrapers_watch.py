import json
import shutil
from pathlib import Path

import pytest

from scrapers import watch as watch_module
from scrapers.http import OFFLINE_POLICY, Fetcher
from scrapers.replay import ReplayAdapter
from service.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"


@pytest.fixture
def dataset():
    return validate(FIXTURES / "data")


def run(dataset, recording=FIXTURES / "recorded", scrapers=None):
    with Fetcher(OFFLINE_POLICY, adapter=ReplayAdapter(recording), now=lambda: "2026-11-28T12:00:00Z") as fetcher:
        return watch_module.watch(dataset, fetcher, scrapers=scrapers, progress=False)


def test_every_scraper_agrees_with_the_fixture_data(dataset):
    report = run(dataset)
    assert report["summary"] == {"agree": 7, "disagree": 0, "missing": 0, "error": 0, "note": 2}
    assert (report["scrapers"], report["discrepancies"]) == (["ecfr", "uk_legislation", "openfda", "wikidata"], [])


def test_discrepancies_are_listed_with_both_sides(dataset):
    us = dataset.jurisdictions["data/jurisdictions/US.yml"]
    us.statuses[0].provision = "21 CFR 1308.13(c)(9) (DEA Controlled Substances Code Number 7285)"
    us.approvals[0].date = "2019-04"
    report = run(dataset)
    assert [(d["scraper"], d["status"], d["subject"]) for d in report["discrepancies"]] == [
        ("ecfr", "disagree", "US ketamine"), ("openfda", "disagree", "US esketamine NDA211243")]
    assert report["discrepancies"][0]["message"] == (
        "eCFR 21 CFR 1308.13 lists ketamine under (c)(7), code 7285 (Schedule III); data says: controlled, "
        "Schedule III, 21 CFR 1308.13(c)(9) (DEA Controlled Substances Code Number 7285) (us-ketamine-schedule-iii)")


def test_a_failed_fetch_or_changed_page_is_an_error_finding_and_the_others_still_run(dataset, tmp_path):
    recording = tmp_path / "recorded"
    shutil.copytree(FIXTURES / "recorded", recording)
    index = json.loads((recording / "recorded.json").read_text())
    index["responses"] = [r for r in index["responses"] if "legislation.gov.uk" not in r["url"]]
    (recording / "recorded.json").write_text(json.dumps(index))
    shutil.copy(FIXTURES / "changed" / "ecfr-1308.13-no-codes.xml", recording / "ecfr-1308.13.xml")
    report = run(dataset, recording)
    assert [(d["scraper"], d["status"], d["message"]) for d in report["discrepancies"]] == [
        ("ecfr", "error", "eCFR § 1308.13: the ketamine entry has no four-digit DEA code (got '')"),
        ("uk_legislation", "error", "could not fetch https://www.legislation.gov.uk/ukpga/1971/38/schedule/2/data.xml: "
                                    "could not connect: no recorded response for "
                                    "https://www.legislation.gov.uk/ukpga/1971/38/schedule/2/data.xml (offline replay)"),
    ]
    assert report["summary"]["agree"] == 3


class BrokenScraper:
    NAME = "broken"

    @staticmethod
    def run(fetcher, dataset):
        return {}["no such key"]


def test_a_bug_in_one_scraper_is_reported_not_raised(dataset):
    report = run(dataset, scrapers=[BrokenScraper, watch_module.ecfr])
    assert report["findings"][0] == {"scraper": "broken", "status": "error", "subject": "broken",
                                     "message": "internal error: KeyError: 'no such key'", "url": None,
                                     "record_id": None, "secondary": False}
    assert [f["status"] for f in report["findings"][1:]] == ["agree", "agree"]

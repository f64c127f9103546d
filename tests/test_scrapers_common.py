import datetime as dt
from pathlib import Path

import pytest

from scrapers.common import Finding, approvals, current_status, researched
from service.validate import validate

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def dataset():
    return validate(FIXTURE_DATA)


@pytest.mark.parametrize("day, expected", [
    (dt.date(2010, 1, 1), "gb-ketamine-class-c"),
    (dt.date(2014, 6, 9), "gb-ketamine-class-c"),
    (dt.date(2014, 6, 10), "gb-ketamine-class-b"),
    (dt.date(2005, 1, 1), None),
])
def test_current_status_on_a_day(dataset, day, expected):
    status = current_status(dataset, "GB", "ketamine", today=day)
    assert (status.id if status is not None else None) == expected


def test_lookups(dataset):
    assert [a.id for a in approvals(dataset, "GB", "esketamine")] == ["gb-test-spray"]
    assert (researched(dataset, "GB"), researched(dataset, "FR")) == (True, False)


def test_a_finding_status_must_be_known():
    with pytest.raises(ValueError, match="finding status must be one of"):
        Finding("x", "maybe", "s", "m")

"""The real dataset in data/ validates, builds, and keeps the promises the README makes."""

import pytest

from conftest import REPO
from service.build import build_database, describe_database
from service.validate import validate

DATA = REPO / "data"


@pytest.fixture(scope="module")
def dataset():
    return validate(DATA)


def test_real_data_validates(dataset):
    assert dataset.jurisdictions


# Both substances per file, translations of non-English quotes and "primary never rests on secondary
# sources alone" are validator rules (tests/test_validate.py), so test_real_data_validates covers them.


def test_real_data_builds(tmp_path):
    build_database(DATA, tmp_path / "ketamine.db")
    summary = describe_database(tmp_path / "ketamine.db")
    assert summary["tables"]["statuses"] > 0
    assert summary["tables"]["citations"] >= summary["tables"]["statuses"] - summary["statuses_by_verification"].get("unverified", 0)

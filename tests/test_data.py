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


def test_every_file_has_both_substances(dataset):
    missing = [
        f"{rel}: no {substance} status"
        for rel, jf in dataset.jurisdictions.items()
        for substance in ("ketamine", "esketamine")
        if not any(s.substance == substance for s in jf.statuses)
    ]
    assert missing == []


def test_secondary_sources_not_claimed_primary(dataset):
    """A status marked primary must quote at least one source that is not labelled secondary."""
    kinds = {s.id: s.kind for jf in dataset.jurisdictions.values() for s in jf.sources}
    wrong = [st.id for jf in dataset.jurisdictions.values() for st in jf.statuses
             if st.verification == "primary" and all(kinds[c.source] == "secondary" for c in st.citations)]
    assert wrong == []


def test_non_english_quotes_are_translated(dataset):
    languages = {s.id: s.language for jf in dataset.jurisdictions.values() for s in jf.sources}
    untranslated = [
        f"{rec.id} ({cit.source})"
        for jf in dataset.jurisdictions.values()
        for rec in [*jf.statuses, *jf.approvals]
        for cit in rec.citations
        if not languages[cit.source].startswith("en") and not cit.quote_en
    ]
    assert untranslated == []


def test_real_data_builds(tmp_path):
    build_database(DATA, tmp_path / "ketamine.db")
    summary = describe_database(tmp_path / "ketamine.db")
    assert summary["tables"]["statuses"] > 0
    assert summary["tables"]["citations"] >= summary["tables"]["statuses"] - summary["statuses_by_verification"].get("unverified", 0)

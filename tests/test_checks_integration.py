"""verify → build → API and Datasette: per-citation check results are shown where people read them."""

import asyncio
import io

import yaml
from datasette.app import Datasette

from conftest import REPO
from scrapers.cli import verify_main
from service.api import create_app
from service.build import build_database, describe_database
from service.datasette.settings import SETTINGS

RECORDED = REPO / "tests" / "fixtures" / "scrapers" / "recorded"


def run_verify(data_dir, tmp_path):
    report = tmp_path / "verify-report.json"
    out, err = io.StringIO(), io.StringIO()
    code = verify_main(data_dir, report, fixtures=RECORDED, snapshot_dir=tmp_path / "snapshots",
                       progress=False, out=out, err=err)
    return code, report, out.getvalue()


def test_verify_never_edits_data(data_dir, tmp_path):
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    run_verify(data_dir, tmp_path)
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


def test_checks_reach_the_api_and_datasette(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    code, report, output = run_verify(data_dir, tmp_path)
    assert code == 1  # the approval's "Test quote" is not on the recorded page
    assert "quote not found: 'Test quote'" in output
    db = tmp_path / "ketamine.db"
    build_database(data_dir, db, checks_report=report)
    assert describe_database(db)["tables"]["source_checks"] == 5

    client = create_app({"DATABASE": str(db)}).test_client()
    body = client.get("/v1/jurisdictions/GB").get_json()
    citation = body["current"]["ketamine"]["citations"][0]
    assert citation["last_checked"] and citation["quote_found"] is True
    approval_citation = body["approvals"][0]["citations"][0]
    assert approval_citation["quote_found"] is False

    metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
    ds = Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)
    html = asyncio.run(ds.client.get("/country/GB")).text
    assert "last verified 20" in html and "not yet machine-verified" not in html.split("Approvals")[0]


def test_build_without_a_report_has_empty_checks(data_dir, tmp_path):
    db = tmp_path / "ketamine.db"
    build_database(data_dir, db, checks_report=tmp_path / "absent.json")
    assert describe_database(db)["tables"]["source_checks"] == 0
    client = create_app({"DATABASE": str(db)}).test_client()
    citation = client.get("/v1/jurisdictions/GB").get_json()["current"]["ketamine"]["citations"][0]
    assert citation["last_checked"] is None and citation["quote_found"] is None

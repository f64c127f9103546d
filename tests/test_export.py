"""`ketamine export` (make export): CSVs, JSON and a datapackage.json that frictionless accepts."""

import csv
import json

import frictionless
from click.testing import CliRunner

from service.cli import cli
from service.export import TABLES, export_dataset


def test_export_validates_with_frictionless(built_db, tmp_path):
    path = export_dataset(built_db, tmp_path / "dist")
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(path.read_text())
    assert [r["name"] for r in descriptor["resources"]] == TABLES
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] and str(tmp_path) not in path.read_text()
    statuses = descriptor["resources"][TABLES.index("statuses")]["schema"]
    assert statuses["primaryKey"] == ["id"]
    assert {"fields": ["jurisdiction"], "reference": {"resource": "jurisdictions", "fields": ["code"]}} in statuses["foreignKeys"]


def test_export_contents(built_db, tmp_path):
    out = export_dataset(built_db, tmp_path / "dist").parent
    with open(out / "statuses.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["gb-esketamine-class-b", "gb-ketamine-class-b", "gb-ketamine-class-c",
                                       "int-esketamine", "int-ketamine"]
    everything = json.loads((out / "ketamine.json").read_text())
    assert len(everything["citations"]) == 5 and everything["dataset_info"]["built_at"] == "2026-09-21T14:13:20Z"


def test_export_replaces_old_files_and_cli(built_db, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    result = CliRunner().invoke(cli, ["export", "--db", str(built_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "stale.csv").exists()
    assert (out / "datapackage.json").exists()

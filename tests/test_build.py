"""The build: tables, views, determinism, and atomic replacement."""

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from service.build import build_database, describe_database
from service.cli import cli
from service.loader import InvalidData


def test_tables_and_counts(built_db):
    summary = describe_database(built_db)
    assert summary["tables"] == {"jurisdictions": 252, "substances": 2, "statuses": 5, "approvals": 1,
                                 "sources": 3, "citations": 5, "source_checks": 0}
    assert summary["jurisdictions_covered"] == ["GB", "INT"]
    assert summary["statuses_by_verification"] == {"primary": 2, "secondary": 2, "unverified": 1}


def test_keys_and_foreign_keys(built_db):
    db = sqlite_utils.Database(built_db)
    assert db["statuses"].pks == ["id"]
    assert {(fk.column, fk.other_table) for fk in db["citations"].foreign_keys} == {
        ("status_id", "statuses"), ("approval_id", "approvals"), ("source_id", "sources")}
    assert {(fk.column, fk.other_table) for fk in db["statuses"].foreign_keys} == {
        ("jurisdiction", "jurisdictions"), ("substance", "substances")}


def test_precision_kept(built_db):
    db = sqlite_utils.Database(built_db)
    row = db["statuses"].get("gb-esketamine-class-b")
    assert (row["effective_from"], row["effective_from_precision"]) == ("2014", "year")
    assert db["approvals"].get("gb-test-spray")["date_precision"] == "month"


def test_current_status_view(built_db):
    db = sqlite_utils.Database(built_db)
    rows = list(db.query("select * from current_status where jurisdiction in ('GB', 'FR') order by jurisdiction, substance"))
    assert [(r["jurisdiction"], r["substance"], r["control_status"], r["schedule_label"]) for r in rows] == [
        ("FR", "esketamine", "unknown", None), ("FR", "ketamine", "unknown", None),
        ("GB", "esketamine", "controlled", "Class B"), ("GB", "ketamine", "controlled", "Class B")]
    gb = rows[3]
    assert gb["source_url"] == "https://example.org/order/2014"
    assert gb["legal_instrument"] == "Test Act"
    assert rows[0]["summary"] == "Not yet researched by this project: status unknown."
    required = {"jurisdiction", "jurisdiction_name", "substance", "control_status", "schedule_label",
                "legal_instrument", "effective_from", "medical_use", "verification", "summary",
                "last_reviewed", "source_url"}
    assert required <= set(rows[0])


def test_changes_view(built_db):
    db = sqlite_utils.Database(built_db)
    rows = list(db.query("select * from changes where jurisdiction = 'GB' and substance = 'ketamine'"))
    assert [(r["date"], r["previous_schedule_label"], r["schedule_label"]) for r in rows] == [
        ("2014-06-10", "Class C", "Class B"), ("2006-01-01", None, "Class C")]


def test_full_text_search(built_db):
    db = sqlite_utils.Database(built_db)
    assert [r["id"] for r in db["statuses"].search("stereoisomer")] == ["gb-esketamine-class-b"]
    assert [r["id"] for r in db["sources"].search("Order")] == ["gb-order-2014"]


def test_build_is_deterministic(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build_database(data_dir, a)
    build_database(data_dir, b)
    dump = lambda p: list(sqlite3.connect(p).iterdump())  # noqa: E731
    assert dump(a) == dump(b)
    assert a.read_bytes() == b.read_bytes()


def test_failed_build_leaves_database_untouched(data_dir, built_db):
    before = built_db.read_bytes()
    path = data_dir / "jurisdictions/GB.yml"
    doc = yaml.safe_load(path.read_text())
    doc["statuses"][0]["citations"][0]["source"] = "missing-source"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(InvalidData):
        build_database(data_dir, built_db)
    assert built_db.read_bytes() == before
    assert [p.name for p in built_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_crash_during_write_leaves_database_untouched(data_dir, built_db, monkeypatch):
    before = built_db.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr("service.build.sqlite_utils.Database.create_view", crash)
    with pytest.raises(OSError):
        build_database(data_dir, built_db)
    assert built_db.read_bytes() == before
    assert [p.name for p in built_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_build_reports_and_fails_cleanly(data_dir, built_db):
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", "--data", str(data_dir), "--db", str(built_db)])
    assert ok.exit_code == 0, ok.output
    assert "statuses           5 rows" in ok.output
    assert "Jurisdictions researched (2): GB INT" in ok.output
    assert "Statuses by verification: primary=2, secondary=2, unverified=1" in ok.output
    before = built_db.read_bytes()
    path = data_dir / "jurisdictions/GB.yml"
    path.write_text(path.read_text().replace("source: gb-order-2014", "source: gb-order-2041"))
    bad = runner.invoke(cli, ["build", "--data", str(data_dir), "--db", str(built_db)])
    assert bad.exit_code == 1
    assert "data/jurisdictions/GB.yml:gb-ketamine-class-b: citations[0].source: no source with id 'gb-order-2041'" in bad.output
    assert "Traceback" not in bad.output
    assert built_db.read_bytes() == before


def test_cli_validate(data_dir):
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_dir)])
    assert result.exit_code == 0
    assert result.output == "OK: 2 jurisdiction files, 5 statuses, no problems.\n"


def test_killed_build_leaves_database_intact(data_dir, built_db):
    """A real crash: the build process is killed (SIGKILL) while it writes the new database."""
    import signal
    import subprocess
    import sys

    before = built_db.read_bytes()
    script = (
        "import sys, time, service.build as b\n"
        "def stall(self, *a, **k):\n"
        "    print('WRITING', flush=True); time.sleep(60)\n"
        "b.sqlite_utils.Database.create_view = stall\n"
        f"b.build_database({str(data_dir)!r}, {str(built_db)!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            cwd=str(Path(__file__).resolve().parent.parent))
    assert proc.stdout.readline().strip() == "WRITING"
    leftovers = [p for p in built_db.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers  # the half-written file exists, but beside the database, not in its place
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert built_db.read_bytes() == before
    assert sqlite3.connect(built_db).execute("select count(*) from statuses").fetchone()[0] == 5
    build_database(data_dir, built_db)  # the next build removes the leftover
    assert [p for p in built_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_concurrent_build_is_refused(data_dir, built_db):
    import fcntl

    from service.build import BuildError

    with open(built_db.with_name(f".{built_db.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match="another build of .* is running"):
            build_database(data_dir, built_db)

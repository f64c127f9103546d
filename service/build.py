"""Build ketamine.db from data/: validate, write a temporary file, then atomically replace."""

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

from .loader import Dataset
from .places import all_places, place
from .schema import date_precision
from .validate import validate

SCHEMA_VERSION = 1

CURRENT_STATUS_SQL = """
SELECT
  j.code AS jurisdiction,
  j.name AS jurisdiction_name,
  j.kind AS jurisdiction_kind,
  j.region,
  j.subregion,
  sub.id AS substance,
  COALESCE(s.control_status, 'unknown') AS control_status,
  s.schedule_label,
  s.schedule_label_en,
  s.legal_instrument,
  s.provision,
  s.basis,
  s.effective_from,
  s.effective_from_precision,
  COALESCE(s.medical_use, 'unknown') AS medical_use,
  COALESCE(s.verification, 'unverified') AS verification,
  COALESCE(s.summary, CASE WHEN j.researched THEN
    'No status in force today is recorded for ' || sub.name || ' in ' || j.name || '.'
    ELSE 'Not yet researched by this project: status unknown.' END) AS summary,
  s.last_reviewed,
  (SELECT src.url FROM citations c JOIN sources src ON src.id = c.source_id
    WHERE c.status_id = s.id ORDER BY c.id LIMIT 1) AS source_url,
  (SELECT c.quote FROM citations c WHERE c.status_id = s.id ORDER BY c.id LIMIT 1) AS quote,
  s.id AS status_id,
  j.researched
FROM jurisdictions j
CROSS JOIN substances sub
LEFT JOIN statuses s
  ON s.jurisdiction = j.code AND s.substance = sub.id
  AND (s.effective_from IS NULL OR s.effective_from <= date('now'))
  AND (s.effective_to IS NULL OR s.effective_to > date('now'))
ORDER BY j.code, sub.id
"""

CHANGES_SQL = """
SELECT
  s.effective_from AS date,
  s.effective_from_precision AS date_precision,
  s.jurisdiction,
  j.name AS jurisdiction_name,
  s.substance,
  (SELECT p.control_status FROM statuses p WHERE p.jurisdiction = s.jurisdiction
     AND p.substance = s.substance AND p.effective_to = s.effective_from) AS previous_control_status,
  (SELECT p.schedule_label FROM statuses p WHERE p.jurisdiction = s.jurisdiction
     AND p.substance = s.substance AND p.effective_to = s.effective_from) AS previous_schedule_label,
  s.control_status,
  s.schedule_label,
  s.legal_instrument,
  s.summary,
  s.verification,
  s.effective_to,
  s.id AS status_id
FROM statuses s JOIN jurisdictions j ON j.code = s.jurisdiction
WHERE s.effective_from IS NOT NULL
ORDER BY s.effective_from DESC, s.jurisdiction, s.substance
"""


class BuildError(Exception):
    """The database could not be written."""


def dataset_version(files: list[Path]) -> str:
    """Short content hash of the data files: same data, same version."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def build_time() -> str:
    """Build time in UTC; fixed by SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _citation_rows(dataset: Dataset):
    for rel, jf in dataset.jurisdictions.items():
        for kind, records in (("status_id", jf.statuses), ("approval_id", jf.approvals)):
            for rec in records:
                for position, cit in enumerate(rec.citations):
                    yield {
                        "status_id": rec.id if kind == "status_id" else None,
                        "approval_id": rec.id if kind == "approval_id" else None,
                        "position": position,
                        "source_id": cit.source,
                        "quote": cit.quote,
                        "quote_en": cit.quote_en,
                        "locator": cit.locator,
                    }


def write_database(dataset: Dataset, path: Path, checks: list[dict] | None = None) -> None:
    """Write every table, index and view for a validated dataset into a new file at path.

    checks are source_checks rows from the last citation check (scrapers.verify); rows for sources
    no longer cited are dropped.
    """
    db = sqlite_utils.Database(path)
    covered = {jf.code for jf in dataset.jurisdictions.values()}
    places = {p.code: p for p in all_places()}
    for code in covered:
        places.setdefault(code, place(code))
    db["jurisdictions"].insert_all(
        (
            {
                "code": p.code, "name": p.name, "official_name": p.official_name, "kind": p.kind,
                "alpha3": p.alpha3, "numeric": p.numeric, "parent": p.parent,
                "m49": p.m49, "region": p.region, "subregion": p.subregion,
                "intermediate_region": p.intermediate_region,
                "researched": int(p.code in covered),
                "notes": next((jf.notes for jf in dataset.jurisdictions.values() if jf.code == p.code), None),
            }
            for p in sorted(places.values(), key=lambda p: p.code)
        ),
        pk="code",
        columns={"code": str, "name": str, "official_name": str, "kind": str, "alpha3": str,
                 "numeric": str, "parent": str, "m49": str, "region": str, "subregion": str,
                 "intermediate_region": str, "researched": int, "notes": str},
    )
    db["substances"].insert_all(
        ({**s.model_dump(exclude={"synonyms"}), "synonyms": "; ".join(s.synonyms)} for s in dataset.substances.substances),
        pk="id",
    )
    sources, statuses, approvals = [], [], []
    for rel, jf in sorted(dataset.jurisdictions.items()):
        for src in jf.sources:
            sources.append({**src.model_dump(), "defined_in": jf.code})
        for st in jf.statuses:
            row = st.model_dump(exclude={"citations"})
            row.update(jurisdiction=jf.code, file=rel,
                       effective_from_precision=date_precision(st.effective_from),
                       effective_to_precision=date_precision(st.effective_to))
            statuses.append(row)
        for ap in jf.approvals:
            row = ap.model_dump(exclude={"citations"})
            row.update(jurisdiction=jf.code, file=rel, date_precision=date_precision(ap.date))
            approvals.append(row)
    text = str
    db["sources"].insert_all(sources, pk="id", columns={
        "id": text, "title": text, "publisher": text, "url": text, "kind": text, "language": text,
        "published": text, "accessed": text, "archive_url": text, "defined_in": text})
    status_columns = {name: text for name in (
        "id", "jurisdiction", "substance", "control_status", "schedule_label", "schedule_label_en",
        "legal_instrument", "provision", "basis", "medical_use", "effective_from",
        "effective_from_precision", "effective_to", "effective_to_precision", "summary",
        "verification", "last_reviewed", "note", "research_note", "file")}
    db["statuses"].insert_all(statuses, pk="id", columns=status_columns,
                              foreign_keys=[("jurisdiction", "jurisdictions", "code"), ("substance", "substances", "id")])
    db["approvals"].insert_all(approvals, pk="id", columns={name: text for name in (
        "id", "jurisdiction", "substance", "product", "holder", "regulator", "date", "date_precision",
        "indication", "status", "note", "file")},
        foreign_keys=[("jurisdiction", "jurisdictions", "code"), ("substance", "substances", "id")])
    db["citations"].insert_all(
        _citation_rows(dataset), pk="id",
        columns={"id": int, "status_id": text, "approval_id": text, "position": int, "source_id": text,
                 "quote": text, "quote_en": text, "locator": text},
        foreign_keys=[("status_id", "statuses", "id"), ("approval_id", "approvals", "id"),
                      ("source_id", "sources", "id")],
    )
    db["source_checks"].create(
        {"id": int, "source_id": text, "checked_at": text, "http_status": int, "content_hash": text,
         "status_id": text, "approval_id": text, "position": int, "quote_found": int, "error": text},
        pk="id", foreign_keys=[("source_id", "sources", "id")],
    )
    known_sources = {src["id"] for src in sources}
    db["source_checks"].insert_all(
        (row for row in (checks or []) if row["source_id"] in known_sources), pk="id")
    for table, columns in (
        ("statuses", ["jurisdiction", "substance"]), ("statuses", ["effective_from"]),
        ("statuses", ["effective_to"]), ("jurisdictions", ["region"]),
        ("approvals", ["jurisdiction", "substance"]), ("citations", ["status_id"]),
        ("citations", ["approval_id"]), ("citations", ["source_id"]), ("source_checks", ["source_id"]),
    ):
        db[table].create_index(columns)
    db["statuses"].enable_fts(["summary", "legal_instrument", "schedule_label", "provision", "note"], create_triggers=False)
    db["sources"].enable_fts(["title", "publisher"], create_triggers=False)
    db["approvals"].enable_fts(["product", "holder", "regulator", "indication"], create_triggers=False)
    db.create_view("current_status", CURRENT_STATUS_SQL)
    db.create_view("changes", CHANGES_SQL)
    db["dataset_info"].insert_all([
        {"key": "version", "value": dataset_version(dataset.files)},
        {"key": "built_at", "value": build_time()},
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
    ], pk="key")
    db.conn.commit()
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise BuildError(f"foreign key check failed: {problems[:5]}")
    db.close()


@contextlib.contextmanager
def _build_lock(db_path: Path):
    """One build at a time per database; a leftover temporary file from a killed build is removed."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of {db_path} is running") from None
        for stale in db_path.parent.glob(f".{db_path.name}.*.tmp"):
            stale.unlink()
        yield


def load_checks(report_path: Path | None) -> list[dict]:
    """source_checks rows from the citation checker's last report; [] when it has not run."""
    if report_path is None:
        return []
    from scrapers.verify import ReportError, load_report, source_check_rows

    try:
        report = load_report(Path(report_path))
    except ReportError as exc:
        raise BuildError(str(exc)) from None
    return source_check_rows(report) if report else []


def build_database(data_dir: Path, db_path: Path, checks_report: Path | None = None) -> Dataset:
    """Validate data_dir and atomically (re)place db_path; on any error db_path is left untouched.

    checks_report, when given and present, is the verify report whose results fill source_checks.
    """
    dataset = validate(Path(data_dir))
    checks = load_checks(checks_report)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(db_path):
        _write_and_replace(dataset, db_path, checks)
    return dataset


def _write_and_replace(dataset: Dataset, db_path: Path, checks: list[dict]) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        write_database(dataset, tmp, checks)
        with sqlite3.connect(tmp) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BuildError("integrity check of the new database failed")
        conn.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, db_path)
    finally:
        if tmp.exists():
            tmp.unlink()


def describe_database(db_path: Path) -> dict:
    """Counts a person wants after a build: rows per table, jurisdictions covered, verification levels."""
    db = sqlite_utils.Database(db_path)
    try:
        tables = ["jurisdictions", "substances", "statuses", "approvals", "sources", "citations", "source_checks"]
        return {
            "tables": {t: db[t].count for t in tables},
            "jurisdictions_covered": [r[0] for r in db.execute(
                "SELECT code FROM jurisdictions WHERE researched ORDER BY code")],
            "statuses_by_verification": dict(db.execute(
                "SELECT verification, count(*) FROM statuses GROUP BY verification ORDER BY verification").fetchall()),
            "statuses_by_jurisdiction_and_verification": [
                dict(zip(("jurisdiction", "verification", "count"), row)) for row in db.execute(
                    "SELECT jurisdiction, verification, count(*) FROM statuses GROUP BY 1, 2 ORDER BY 1, 2")],
            "info": dict(db.execute("SELECT key, value FROM dataset_info").fetchall()),
        }
    finally:
        db.close()
